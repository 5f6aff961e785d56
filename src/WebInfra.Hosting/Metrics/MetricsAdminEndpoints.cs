using Microsoft.AspNetCore.Routing;
using Prometheus;
using WebInfra.Hosting.Administration;

namespace WebInfra.Hosting.Metrics;

/// <summary>Serves <c>/metrics</c> in Prometheus' text format on the admin listener, never on the public one.</summary>
internal sealed class MetricsAdminEndpoints : IAdminEndpoints
{
    /// <summary>The path Prometheus scrapes.</summary>
    public const string Path = "/metrics";

    public void Map(IEndpointRouteBuilder endpoints) => endpoints.MapMetrics(Path);
}
