using WebInfra.FunctionalTests.Infrastructure;

namespace WebInfra.FunctionalTests.Hosts;

/// <summary>
/// A partition finds a server's cable by what the kernel says, not by the server's place in the file: after a reload
/// removed server-2 (whose namespace, and switch port p2, stay until <c>down</c>) and added server-3 (which took the first
/// free port, p3), <c>partition lb-01 server-3</c> cuts server-3 and nothing else. Reckoned by position in the file,
/// server-3 would be p2, the removed server's port, and stay reachable.
/// </summary>
public sealed class NetworkFaultsAfterReloadTests
{
    private const string Balancer = "lb-01/balancer";

    private const string Topology = """
        site:
          name: www.foobar.com
          files: {site}
          route_header: true
        hosts: namespaces
        network: { subnet: 10.92.0.0/24 }
        servers:
          lb-01:
            address: 10.92.0.10
            components:
              balancer: { port: 18080, backend: web }
          server-1:
            address: 10.92.0.1
            components:
              web: { port: 18081, backend: app }
              app: { port: 18082 }
              db: { port: 13306, role: primary }
          server-2:
            address: 10.92.0.2
            components:
              web: { port: 18081, backend: app }
        backends:
          web:
            members: [server-1/web, server-2/web]
            health: { path: /healthz, interval: 200ms, timeout: 150ms, rise: 2, fall: 2 }
          app:
            members: [server-1/app]
            health: { path: /healthz, interval: 200ms, timeout: 150ms, rise: 2, fall: 2 }
        database:
          name: foobar
        """;

    [Fact]
    public async Task A_partition_after_a_reload_that_removed_one_server_and_added_another_cuts_the_added_one()
    {
        await using var site = await TestSite.StartAsync(Topology);
        var next = (await File.ReadAllTextAsync(site.TopologyPath))
            .Replace("  server-2:\n    address: 10.92.0.2", "  server-3:\n    address: 10.92.0.3", StringComparison.Ordinal)
            .Replace("[server-1/web, server-2/web]", "[server-1/web, server-3/web]", StringComparison.Ordinal);
        await File.WriteAllTextAsync(site.TopologyPath, next);
        await site.RunOkAsync("reload", site.TopologyPath);
        await TestSite.EventuallyAsync(async () => await site.MemberStateAsync(Balancer, "server-3/web") == "UP", TimeSpan.FromSeconds(20), "lb-01 sees server-3/web UP");

        await site.RunOkAsync("partition", "lb-01", "server-3");
        try
        {
            var rules = await site.SwitchRulesAsync();
            Assert.Contains("iifname \"p0\" oifname \"p3\" drop", rules, StringComparison.Ordinal);
            Assert.DoesNotContain("\"p2\"", rules, StringComparison.Ordinal);
            await TestSite.EventuallyAsync(async () => await site.MemberStateAsync(Balancer, "server-3/web") == "DOWN", TimeSpan.FromSeconds(10), "lb-01 sees server-3/web DOWN");
            Assert.Equal("UP", await site.MemberStateAsync(Balancer, "server-1/web"));
        }
        finally
        {
            await site.RunOkAsync("heal");
        }

        await TestSite.EventuallyAsync(async () => await site.MemberStateAsync(Balancer, "server-3/web") == "UP", TimeSpan.FromSeconds(10), "lb-01 sees server-3/web UP again");
    }
}
