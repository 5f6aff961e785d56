using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Model;
using WebInfra.Balancer.Configuration;
using WebInfra.Balancer.Draining;
using WebInfra.Balancer.Health;
using WebInfra.Balancer.LoadBalancing;
using WebInfra.Hosting.Reloading;
using WebInfra.Topology.Loading;

namespace WebInfra.Balancer.Tests.Configuration;

public sealed class LiveBackendTests
{
    [Fact]
    public async Task Reload_adds_a_member_and_reweights_one_that_keeps_its_state_streak_and_drain()
    {
        using var test = new TestComponentContext();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddSingleton(test.Context);
        builder.Services.AddSingleton(new LiveTopology(test.Context));
        builder.Services.AddBackendProxy(test.Context);
        await using var app = builder.Build();
        app.MapBackendProxy();
        var proxy = app.Services.GetRequiredService<IProxyStateLookup>();
        Assert.True(proxy.TryGetCluster("web", out var cluster));
        var kept = cluster.Destinations["server-1/web"];
        var streak = app.Services.GetRequiredService<HealthStreaks>().For(kept);
        kept.Health.Active = DestinationHealth.Unhealthy;
        var drains = app.Services.GetRequiredService<DrainRegistry>();
        drains.Drain("server-1/web");
        drains.Drain("server-9/web");

        var next = TopologyLoader.Parse("""
            site: { name: www.foobar.com, files: . }
            servers:
              lb-01: { address: 127.0.1.10, components: { balancer: { port: 8080, backend: web } } }
              server-1: { address: 127.0.1.1, components: { web: { port: 8081, backend: app }, app: { port: 8082 }, db: { port: 3306, role: primary } } }
              server-2: { address: 127.0.1.2, components: { web: { port: 8081, backend: app } } }
            backends:
              web: { members: [{ component: server-1/web, weight: 3 }, server-2/web], algorithm: leastconn }
              app: { members: [server-1/app] }
            """, "next.yaml", test.Context.StateDirectory);
        app.Services.GetRequiredService<LiveBackend>().Reload(test.Context with { Topology = next, Component = next.FindComponent("lb-01/balancer")! });

        for (var i = 0; i < 100 && cluster.Destinations.Count < 2; i++)
        {
            await Task.Delay(50);
        }

        Assert.Equal(["server-1/web", "server-2/web"], cluster.Destinations.Keys.Order(StringComparer.Ordinal));
        Assert.Same(kept, cluster.Destinations["server-1/web"]);
        Assert.Same(streak, app.Services.GetRequiredService<HealthStreaks>().For(kept));
        Assert.Equal(DestinationHealth.Unhealthy, kept.Health.Active);
        Assert.Equal(3, DestinationWeights.Of(kept));
        Assert.Equal(BalancingPolicies.LeastConn, cluster.Model.Config.LoadBalancingPolicy);
        Assert.True(drains.IsDrained("server-1/web"));
        Assert.False(drains.IsDrained("server-9/web"));
    }
}
