namespace WebInfra.Monitoring.Dashboard;

/// <summary>
/// What the page receives (<c>GET /api/snapshot</c>, and once a second on <c>GET /api/stream</c>): the current picture,
/// the events, and on a first message the charts' history.
/// </summary>
/// <param name="Site">The site's name.</param>
/// <param name="At">When the round was taken.</param>
/// <param name="IntervalSeconds">Time between rounds.</param>
/// <param name="Components">Every component, in topology order.</param>
/// <param name="Edges">Every arrow.</param>
/// <param name="Database">The database cluster, or null.</param>
/// <param name="Events">Every kept event on a first message; only the new ones after it.</param>
/// <param name="History">The charts' last minutes on a first message; null after it (the page appends the components' figures).</param>
internal sealed record DashboardSnapshot(
    string Site,
    DateTimeOffset At,
    double IntervalSeconds,
    IReadOnlyList<ComponentView> Components,
    IReadOnlyList<EdgeView> Edges,
    DatabaseClusterView? Database,
    IReadOnlyList<DashboardEvent> Events,
    IReadOnlyList<HistoryPoint>? History);
