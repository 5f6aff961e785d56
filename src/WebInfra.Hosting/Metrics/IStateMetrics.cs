namespace WebInfra.Hosting.Metrics;

/// <summary>
/// Metrics that describe state (a member up or down, a database node's role) rather than count events. A role
/// computes them from its own live view just before each scrape of <c>/metrics</c>, the view its admin endpoints
/// already report, so the metrics and <c>webinfra status</c> can never disagree and no second copy of the state is
/// kept up to date.
/// </summary>
public interface IStateMetrics
{
    /// <summary>Sets the series from the current state; called before every scrape, so it must be quick and must not throw.</summary>
    void Refresh();
}
