using WebInfra.FunctionalTests.Infrastructure;
using WebInfra.Hosts.Namespaces;

namespace WebInfra.FunctionalTests.Hosts;

/// <summary>
/// What a namespaces site makes on this machine and what it leaves: its namespaces while it is up, never an interface or
/// a route on its subnet in this machine's own namespace, and nothing at all after <c>down</c>, a crashed run's
/// leftovers included.
/// </summary>
public sealed class NamespacesLifecycleTests
{
    private const string Subnet = "10.79.0.";

    private const string Topology = """
        site:
          name: www.foobar.com
          files: {site}
        hosts: namespaces
        network: { subnet: 10.79.0.0/24 }
        servers:
          server-1:
            components:
              web: { port: 18081, backend: app }
              app: { port: 18082 }
              db: { port: 13306, role: primary }
        backends:
          app:
            members: [server-1/app]
        """;

    [Fact]
    public async Task Up_makes_the_namespaces_off_this_machines_own_network_and_down_removes_every_one()
    {
        var site = await TestSite.StartAsync(Topology);
        var network = new SiteNetwork(site.StateDirectory);
        try
        {
            Assert.Equal([$"{network.Id}-operator", $"{network.Id}-s-server-1", $"{network.Id}-switch"], network.Existing());
            Assert.DoesNotContain(Subnet, await RunAsync("ip", "-o", "-4", "addr"), StringComparison.Ordinal);
            Assert.DoesNotContain(Subnet, await RunAsync("ip", "-4", "route"), StringComparison.Ordinal);
            using var status = await site.StatusAsync();
            Assert.Equal("http://10.79.0.1:18081", status.RootElement.GetProperty("site").GetString());
        }
        finally
        {
            await site.DisposeAsync();
        }

        Assert.Empty(network.Existing());
        Assert.DoesNotContain(network.Id, await RunAsync("ip", "netns", "list"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Up_after_a_crashed_run_removes_what_it_left_and_down_cleans_a_half_made_network()
    {
        var state = Directory.CreateTempSubdirectory("webinfra-crashed-").FullName;
        var network = new SiteNetwork(state);
        try
        {
            // What a run killed while making its network leaves: a switch and one host, and no run state.
            await RunAsync("ip", "netns", "add", network.Switch);
            await RunAsync("ip", "netns", "add", network.Server("server-9"));

            var down = await Infrastructure.Cli.RunAsync("down", "--state-dir", state);

            Assert.True(down.ExitCode == 0, down.ToString());
            Assert.Empty(network.Existing());
        }
        finally
        {
            foreach (var name in network.Existing())
            {
                await RunAsync("ip", "netns", "delete", name);
            }

            Directory.Delete(state, recursive: true);
        }
    }

    [Fact]
    public async Task Up_refuses_a_subnet_on_one_of_this_machines_routes_and_makes_nothing()
    {
        // This machine's own network (the route of its interface), as the kernel lists it: 'A.B.C.0/24 dev eth0 ...'.
        var route = (await RunAsync("ip", "-4", "route", "show", "scope", "link")).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ')[0]).First(r => r.Contains('/', StringComparison.Ordinal) && !r.StartsWith("127.", StringComparison.Ordinal));
        // A /24 on that network, whatever the route's own length: the servers' subnet must be /16 to /29.
        var network = System.Net.IPNetwork.Parse(route).BaseAddress.GetAddressBytes();
        var subnet = $"{network[0]}.{network[1]}.{network[2]}.0/24";
        var state = Directory.CreateTempSubdirectory("webinfra-collide-").FullName;
        var topology = Path.Combine(state, "topology.yaml");
        await File.WriteAllTextAsync(topology, Topology.Replace("10.79.0.0/24", subnet, StringComparison.Ordinal).Replace("{site}", Repository.SiteFiles, StringComparison.Ordinal));
        try
        {
            var up = await Infrastructure.Cli.RunAsync("up", topology, "--state-dir", Path.Combine(state, "state"));

            Assert.Equal(1, up.ExitCode);
            Assert.Contains($"overlaps this machine's route to {route}", up.Error, StringComparison.Ordinal);
            Assert.Empty(new SiteNetwork(Path.Combine(state, "state")).Existing());
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }

    private static async Task<string> RunAsync(params string[] commandLine)
    {
        var result = await Infrastructure.Cli.RunProgramAsync(commandLine[0], commandLine[1..]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Output;
    }
}
