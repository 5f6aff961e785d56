namespace WebInfra.Monitoring.Dashboard;

/// <summary>The site's picture after one round of polling: every component, every arrow, the database.</summary>
/// <param name="At">When the round was taken.</param>
/// <param name="Components">Every component, in topology order.</param>
/// <param name="Edges">Every arrow: forwarders to their members, applications to database nodes, the monitor to database nodes.</param>
/// <param name="Database">The database cluster; null when no monitor runs in this process.</param>
internal sealed record DashboardFrame(DateTimeOffset At, IReadOnlyList<ComponentView> Components, IReadOnlyList<EdgeView> Edges, DatabaseClusterView? Database);
