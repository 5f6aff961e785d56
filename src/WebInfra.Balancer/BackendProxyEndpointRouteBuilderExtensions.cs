using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using WebInfra.Balancer.Forwarding;
using WebInfra.Hosting.Metrics;

namespace WebInfra.Balancer;

/// <summary>
/// Maps the proxy registered by <see cref="BackendProxyServiceCollectionExtensions.AddBackendProxy"/> with YARP's
/// pipeline plus retries: each attempt goes through load balancing and passive health checking on its own, so a
/// failed attempt is counted against its member and the next one avoids it.
/// </summary>
public static class BackendProxyEndpointRouteBuilderExtensions
{
    /// <summary>Maps the catch-all route to the backend.</summary>
    public static ReverseProxyConventionBuilder MapBackendProxy(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapReverseProxy(pipeline =>
        {
            pipeline.UseMiddleware<RetryMiddleware>();
            pipeline.UseLoadBalancing();
            pipeline.UsePassiveHealthChecks();
        }).WithMetadata(RequestClass.Forwarded);
}
