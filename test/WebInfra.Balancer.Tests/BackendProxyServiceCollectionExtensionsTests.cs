using Microsoft.Extensions.DependencyInjection;
using WebInfra.Balancer.LoadBalancing;
using WebInfra.Hosting;
using WebInfra.Topology.Loading;
using Yarp.ReverseProxy.LoadBalancing;

namespace WebInfra.Balancer.Tests;

public sealed class BackendProxyServiceCollectionExtensionsTests
{
    [Fact]
    public void WebInfra_policies_are_registered_next_to_YARP_ones_under_unique_names()
    {
        var topology = TopologyLoader.Parse("""
            site: { name: www.foobar.com, files: . }
            servers:
              lb-01: { address: 127.0.1.10, components: { balancer: { port: 8080, backend: web } } }
              server-1: { address: 127.0.1.1, components: { web: { port: 8081, backend: app }, app: { port: 8082 }, db: { port: 3306, role: primary } } }
            backends:
              web: { members: [server-1/web], algorithm: source }
              app: { members: [server-1/app] }
            """, "test.yaml", Path.GetTempPath());
        var services = new ServiceCollection().AddLogging();

        services.AddBackendProxy(new ComponentContext(topology, topology.FindComponent("lb-01/balancer")!, Path.GetTempPath()));
        services.AddBackendProxy(new ComponentContext(topology, topology.FindComponent("lb-01/balancer")!, Path.GetTempPath()));

        using var provider = services.BuildServiceProvider();
        var names = provider.GetServices<ILoadBalancingPolicy>().Select(p => p.Name).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Contains(LoadBalancingPolicies.RoundRobin, names);
        Assert.Contains(BalancingPolicies.RoundRobin, names);
        Assert.Contains(BalancingPolicies.LeastConn, names);
        Assert.Contains(BalancingPolicies.Source, names);
    }
}
