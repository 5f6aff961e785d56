namespace WebInfra.Topology.Model;

/// <summary>How the application spreads reads over replicas without serving data that is too old.</summary>
/// <param name="MaxLag">A replica further behind the primary than this (or not replicating) gets no reads.</param>
/// <param name="ReadYourWritesTimeout">
/// How long a replica may wait to apply a client's own last write (<c>MASTER_GTID_WAIT</c>) before the read goes to
/// the primary instead.
/// </param>
public sealed record ReadSettings(TimeSpan MaxLag, TimeSpan ReadYourWritesTimeout)
{
    /// <summary>At most 5 s behind; wait up to 500 ms for a client's own write.</summary>
    public static ReadSettings Default { get; } = new(TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(500));
}
