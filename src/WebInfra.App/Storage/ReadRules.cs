using WebInfra.Topology.Model;

namespace WebInfra.App.Storage;

/// <summary>
/// Which replicas may take reads: those no further behind than <paramref name="MaxLag"/>, and, for one whose lag is
/// unknown (its I/O thread not connected to a primary), what the topology's <c>database.reads.during_failover</c> says.
/// </summary>
/// <param name="MaxLag">The lag beyond which a connected replica gets no reads; under <see cref="ReadsDuringFailover.StaleOk"/> also the bound on a cut-off replica's data age.</param>
/// <param name="DuringFailover">What a replica whose lag is unknown does with reads.</param>
internal sealed record ReadRules(TimeSpan MaxLag, ReadsDuringFailover DuringFailover)
{
    /// <summary>
    /// True when a replica whose lag is unknown still takes reads: under <see cref="ReadsDuringFailover.StaleOk"/>, while
    /// its data is no older than <see cref="MaxLag"/>; never under <see cref="ReadsDuringFailover.Fail"/>, nor when its
    /// data age is unknown (never seen in touch with its primary).
    /// </summary>
    /// <param name="dataAgeSeconds">Its data age (<see cref="WebInfra.Database.Replication.ReplicaContact.AgeSeconds"/>), or null.</param>
    public bool ServesStale(double? dataAgeSeconds) =>
        DuringFailover == ReadsDuringFailover.StaleOk && dataAgeSeconds is { } age && age <= MaxLag.TotalSeconds;
}
