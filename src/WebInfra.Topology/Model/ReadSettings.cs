namespace WebInfra.Topology.Model;

/// <summary>How the application spreads reads over replicas without serving data that is too old.</summary>
/// <param name="MaxLag">
/// A replica further behind the primary than this (or not replicating) gets no reads; under
/// <see cref="ReadsDuringFailover.StaleOk"/> also the bound on the data age of a replica whose lag is unknown.
/// </param>
/// <param name="ReadYourWritesTimeout">
/// How long a replica may wait to apply a client's own last write (<c>MASTER_GTID_WAIT</c>) before the read goes to
/// the primary instead.
/// </param>
public sealed record ReadSettings(TimeSpan MaxLag, TimeSpan ReadYourWritesTimeout)
{
    /// <summary>At most 5 s behind; wait up to 500 ms for a client's own write.</summary>
    public static ReadSettings Default { get; } = new(TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(500));

    /// <summary>
    /// What a replica whose lag is unknown (its I/O thread not connected: during a failover, while it is repointed, or
    /// cut off from a primary that is up) does with reads; <see cref="ReadsDuringFailover.StaleOk"/> unless the topology
    /// says <c>fail</c>.
    /// </summary>
    public ReadsDuringFailover DuringFailover { get; init; } = ReadsDuringFailover.StaleOk;
}
