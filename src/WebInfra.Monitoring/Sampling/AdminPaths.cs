using WebInfra.Hosting.Health;
using WebInfra.Hosting.Metrics;

namespace WebInfra.Monitoring.Sampling;

/// <summary>The admin endpoints the sampler polls on every component's admin listener.</summary>
internal static class AdminPaths
{
    /// <summary>200 while the component is ready.</summary>
    public const string Health = HealthEndpointExtensions.Path;

    /// <summary>Prometheus text (the hosting's metrics endpoint).</summary>
    public const string Metrics = ComponentMetrics.Path;

    /// <summary>A forwarding component's backend as it sees it (the balancer library's <c>BackendAdminPaths.Backend</c>).</summary>
    public const string Backend = "/backend";
}
