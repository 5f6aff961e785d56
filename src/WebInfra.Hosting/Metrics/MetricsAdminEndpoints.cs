using Microsoft.AspNetCore.Routing;
using Prometheus;
using WebInfra.Hosting.Administration;

namespace WebInfra.Hosting.Metrics;

/// <summary>
/// Serves <c>/metrics</c> in Prometheus' text format on the admin listener, never on the public one, and refreshes
/// every role's <see cref="IStateMetrics"/> before each scrape.
/// </summary>
internal sealed class MetricsAdminEndpoints(IEnumerable<IStateMetrics> states) : IAdminEndpoints
{
    public void Map(IEndpointRouteBuilder endpoints)
    {
        var refreshed = states.ToArray();
        if (refreshed.Length > 0)
        {
            Prometheus.Metrics.DefaultRegistry.AddBeforeCollectCallback(() =>
            {
                foreach (var state in refreshed)
                {
                    state.Refresh();
                }
            });
        }

        endpoints.MapMetrics(ComponentMetrics.Path).RequireAdminScope(AdminScope.Read);
    }
}
