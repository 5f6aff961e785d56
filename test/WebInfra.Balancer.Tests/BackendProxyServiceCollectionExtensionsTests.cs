using Microsoft.Extensions.DependencyInjection;
using WebInfra.Balancer.LoadBalancing;
using Yarp.ReverseProxy.LoadBalancing;

namespace WebInfra.Balancer.Tests;

public sealed class BackendProxyServiceCollectionExtensionsTests
{
    [Fact]
    public void WebInfra_policies_are_registered_next_to_YARP_ones_under_unique_names()
    {
        using var context = new TestComponentContext();
        var services = new ServiceCollection().AddLogging();

        services.AddBackendProxy(context.Context);
        services.AddBackendProxy(context.Context);

        using var provider = services.BuildServiceProvider();
        var names = provider.GetServices<ILoadBalancingPolicy>().Select(p => p.Name).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Contains(LoadBalancingPolicies.RoundRobin, names);
        Assert.Contains(BalancingPolicies.RoundRobin, names);
        Assert.Contains(BalancingPolicies.LeastConn, names);
        Assert.Contains(BalancingPolicies.Source, names);
    }
}
