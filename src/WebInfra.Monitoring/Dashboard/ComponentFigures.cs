namespace WebInfra.Monitoring.Dashboard;

/// <summary>One component's figures at one point of the charts.</summary>
/// <param name="Name">The component.</param>
/// <param name="Rps">Requests per second.</param>
/// <param name="P50Ms">Median latency, milliseconds.</param>
/// <param name="P99Ms">99th percentile latency, milliseconds.</param>
internal sealed record ComponentFigures(string Name, double? Rps, double? P50Ms, double? P99Ms);
