namespace WebInfra.Monitoring.Dashboard;

/// <summary>One round on the charts: every HTTP component's figures at <paramref name="At"/>.</summary>
/// <param name="At">When the round was taken.</param>
/// <param name="Figures">One entry per HTTP component.</param>
internal sealed record HistoryPoint(DateTimeOffset At, IReadOnlyList<ComponentFigures> Figures);
