using Prometheus;
using WebInfra.Hosting.Metrics;

namespace WebInfra.App.Application;

/// <summary>
/// The user's application as metrics, read from <see cref="ApplicationState"/> at each scrape: whether it serves, and
/// how many times it was started again (a rate above zero is a crash loop).
/// </summary>
internal sealed class ApplicationMetrics(ApplicationState state) : IStateMetrics
{
    private static readonly Gauge s_serving = Prometheus.Metrics.CreateGauge(
        "webinfra_application_serving",
        "1 while the user's application answers its health path, 0 while it starts, is unhealthy or restarts.");

    private static readonly Counter s_restarts = Prometheus.Metrics.CreateCounter(
        "webinfra_application_restarts_total",
        "Times the user's application was started again (it exited, or did not come up in time) since its application server started.");

    public void Refresh()
    {
        var current = state.Current;
        s_serving.Set(current.Phase == ApplicationPhase.Serving ? 1 : 0);
        s_restarts.IncTo(current.Restarts);
    }
}
