using WebInfra.FunctionalTests.Infrastructure;

namespace WebInfra.FunctionalTests.Hosts;

/// <summary>A loopback site (127.0.27.x) has no network of its own to cut: the fault commands say what they need, with exit 2.</summary>
public sealed class NetworkFaultsLoopbackTests
{
    private const string Topology = """
        site:
          name: www.foobar.com
          files: {site}
        servers:
          server-1:
            address: 127.0.27.1
            components:
              web: { port: 18081, backend: app }
              app: { port: 18082 }
              db: { port: 13306, role: primary }
        backends:
          app:
            members: [server-1/app]
        """;

    [Fact]
    public async Task Partition_and_slow_on_a_loopback_site_exit_2_saying_they_need_namespaces()
    {
        await using var site = await TestSite.StartAsync(Topology);

        var partition = await site.RunAsync("partition", "server-1", "operator");
        var slow = await site.RunAsync("slow", "server-1", "--delay", "100ms");

        Assert.Equal((2, 2), (partition.ExitCode, slow.ExitCode));
        Assert.All([partition.Error, slow.Error], error => Assert.Contains("hosts: namespaces", error, StringComparison.Ordinal));
    }
}
