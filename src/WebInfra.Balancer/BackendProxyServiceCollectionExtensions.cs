using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.LoadBalancing;
using Yarp.ReverseProxy.Model;
using WebInfra.Balancer.Administration;
using WebInfra.Balancer.Configuration;
using WebInfra.Balancer.Draining;
using WebInfra.Balancer.Health;
using WebInfra.Balancer.LoadBalancing;
using WebInfra.Balancer.Metrics;
using WebInfra.Hosting;
using WebInfra.Hosting.Administration;
using WebInfra.Hosting.Health;
using WebInfra.Hosting.Metrics;
using WebInfra.Hosting.Reloading;

namespace WebInfra.Balancer;

/// <summary>
/// Registers a YARP reverse proxy that spreads requests over the backend a component forwards to, with the
/// backend's balancing policy (WebInfra's weighted roundrobin, leastconn or source), rise/fall health checks, passive
/// ejection, backups, drain, retries and timeouts. The balancer uses it toward the web servers and each web server
/// toward the application servers, so both tiers balance the same way.
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
            .LoadFromMemory([BackendProxyConfig.CreateRoute(backend, context.Topology.IsEntryTier(context.Component))], [BackendProxyConfig.CreateCluster(context.Topology, backend)]);
        services.AddSingleton<LiveBackend>();
        services.AddSingleton<IReloadable>(provider => provider.GetRequiredService<LiveBackend>());
        services.AddSingleton<IForwarderHttpClientFactory, Forwarding.BackendHttpClientFactory>();
        services.AddSingleton<HealthStreaks>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<MemberEntries>();
        services.AddSingleton<IClusterChangeListener>(provider => provider.GetRequiredService<MemberEntries>());
        services.AddSingleton<SlowStart>();
        services.AddSingleton<DrainRegistry>();
        services.AddSingleton<IActiveHealthCheckPolicy, RiseFallHealthPolicy>();
        services.AddSingleton<IPassiveHealthCheckPolicy, ErrorLimitHealthPolicy>();
        services.AddSingleton<ActiveOrBackupDestinationsPolicy>();
        services.AddSingleton<IAvailableDestinationsPolicy>(provider => provider.GetRequiredService<ActiveOrBackupDestinationsPolicy>());
        services.AddSingleton<BackendView>();
        services.AddSingleton<IAdminEndpoints, BackendAdminEndpoints>();
        services.AddSingleton<BackendMetrics>();
        services.AddSingleton<IStateMetrics, BackendStateMetrics>();
        if (context.TakesOver)
        {
            services.AddSingleton<IReadinessCondition, ProbedMembersReadiness>();
        }

        if (context.Topology.VipsServedBy(context.Component).Any())
        {
            services.AddSingleton<IStateMetrics, VrrpStateMetrics>();
        }
        services.TryAddEnumerable(
        [
            ServiceDescriptor.Singleton<ILoadBalancingPolicy, WeightedRoundRobinLoadBalancingPolicy>(),
            ServiceDescriptor.Singleton<ILoadBalancingPolicy, LeastConnLoadBalancingPolicy>(),
            ServiceDescriptor.Singleton<ILoadBalancingPolicy, SourceHashLoadBalancingPolicy>(),
        ]);

        // HAProxy's timeout client: an idle keep-alive connection, or a client slow to send its headers, is closed.
        services.Configure<KestrelServerOptions>(kestrel =>
        {
            kestrel.Limits.KeepAliveTimeout = backend.Timeouts.Client;
            kestrel.Limits.RequestHeadersTimeout = backend.Timeouts.Client;
        });
        return services;
    }
}
