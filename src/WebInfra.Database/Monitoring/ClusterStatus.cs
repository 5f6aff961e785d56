namespace WebInfra.Database.Monitoring;

/// <summary>
/// The database cluster as the monitor sees it (<c>GET /cluster</c>), or as <c>webinfra db status</c> reads it from the
/// nodes when no monitor runs: which node is the primary now, every node's state, and how the last failover went, so
/// the time writes were unavailable is measured where it happened rather than guessed.
/// </summary>
/// <param name="Primary">The current primary, or null when there is none.</param>
/// <param name="Replication"><c>semisync</c> or <c>async</c>, as the topology sets it.</param>
/// <param name="Nodes">Every database node, in topology order.</param>
/// <param name="Failovers">Failovers this monitor has made since it started.</param>
/// <param name="LastFailoverAt">When the last failover made its new primary writable.</param>
/// <param name="LastFailoverSeconds">From the first failed check of the old primary to the new primary writable.</param>
/// <param name="Monitored">True when a monitor produced this view; false when it was read from the nodes directly.</param>
/// <param name="Leader">The monitor that leads (the one that acts on the cluster), or null when none does or no monitor answered.</param>
/// <param name="LeadershipProblem">Why no monitor can be elected or known to lead (etcd cannot be reached), or null.</param>
public sealed record ClusterStatus(
    string? Primary,
    string Replication,
    IReadOnlyList<DatabaseNodeStatus> Nodes,
    int Failovers,
    DateTimeOffset? LastFailoverAt,
    double? LastFailoverSeconds,
    bool Monitored,
    string? Leader = null,
    string? LeadershipProblem = null)
{
    /// <summary>How a primary the monitors lost is fenced: <c>lease</c> or <c>off</c> (null when no monitor produced this view).</summary>
    public string? Fencing { get; init; }

    /// <summary>Why no failover would happen now though the monitor runs (the primary runs degraded), or null.</summary>
    public string? FailoverHeld { get; init; }
}
