using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.LoadBalancing;
using WebInfra.Balancer.Configuration;
using WebInfra.Balancer.Health;
using WebInfra.Balancer.LoadBalancing;
using WebInfra.Hosting;

namespace WebInfra.Balancer;

/// <summary>
/// Registers a YARP reverse proxy that spreads requests over the backend a component forwards to, with the
/// backend's balancing policy (WebInfra's weighted roundrobin, leastconn or source) and rise/fall health checks.
/// The balancer uses it toward the web servers and each web server toward the application servers, so both tiers
/// balance the same way.
/// </summary>
public static class BackendProxyServiceCollectionExtensions
{
    /// <summary>Adds the proxy toward the backend named by <paramref name="context"/>'s component.</summary>
    public static IServiceCollection AddBackendProxy(this IServiceCollection services, ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var backend = context.Topology.FindBackend(context.Component.Backend)
            ?? throw new InvalidOperationException($"'{context.Component.Name}' names backend '{context.Component.Backend}', which the topology does not define");
        services.AddReverseProxy()
            .LoadFromMemory([BackendProxyConfig.CreateRoute(backend)], [BackendProxyConfig.CreateCluster(context.Topology, backend)]);
        services.AddSingleton<IActiveHealthCheckPolicy, RiseFallHealthPolicy>();
        services.TryAddEnumerable(
        [
            ServiceDescriptor.Singleton<ILoadBalancingPolicy, WeightedRoundRobinLoadBalancingPolicy>(),
            ServiceDescriptor.Singleton<ILoadBalancingPolicy, LeastConnLoadBalancingPolicy>(),
            ServiceDescriptor.Singleton<ILoadBalancingPolicy, SourceHashLoadBalancingPolicy>(),
        ]);
        return services;
    }
}
