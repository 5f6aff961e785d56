using WebInfra.Monitoring.Metrics;
using WebInfra.Topology.Model;

namespace WebInfra.Monitoring.Sampling;

/// <summary>What one round of polling learned from one component's admin listener.</summary>
/// <param name="Component">The component polled.</param>
/// <param name="DownReason">Why its <c>/healthz</c> failed, or null when it answered 200.</param>
/// <param name="Metrics">Its <c>/metrics</c>, or null when that failed.</param>
/// <param name="MetricsProblem">Why <c>/metrics</c> failed.</param>
/// <param name="Backend">Its backend's members as it sees them; null when it forwards to none or did not answer.</param>
internal sealed record ComponentScrape(Component Component, string? DownReason, MetricSet? Metrics, string? MetricsProblem, BackendView? Backend)
{
    /// <summary>True when its health endpoint answered 200.</summary>
    public bool Healthy => DownReason is null;
}
