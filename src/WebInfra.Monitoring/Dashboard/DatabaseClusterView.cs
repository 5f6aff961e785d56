namespace WebInfra.Monitoring.Dashboard;

/// <summary>The database cluster as the dashboard shows it: who is primary, every node, and the failovers so far.</summary>
/// <param name="Primary">The writable primary, or null when there is none.</param>
/// <param name="Replication"><c>semisync</c> or <c>async</c>.</param>
/// <param name="Nodes">Every database node, in topology order.</param>
/// <param name="Failovers">Failovers the monitor has made since it started.</param>
/// <param name="LastFailoverSeconds">From the old primary's first failed check to the new primary writable.</param>
/// <param name="Leader">The monitor that leads (the one that acts on the cluster), or null when none does.</param>
/// <param name="LeadershipProblem">Why no monitor can be elected or known to lead, or null.</param>
public sealed record DatabaseClusterView(
    string? Primary,
    string Replication,
    IReadOnlyList<DatabaseNodeView> Nodes,
    int Failovers,
    double? LastFailoverSeconds,
    string? Leader = null,
    string? LeadershipProblem = null);
