using System.Text.Json;
using WebInfra.FunctionalTests.Infrastructure;
using WebInfra.Hosts.Namespaces;

namespace WebInfra.FunctionalTests.Balancer;

/// <summary>
/// A balancer pair with a VIP in namespaces mode (10.83.0.0/24, the firewall on, so VRRP adverts cross only because the
/// firewall lets them): lb-01 holds the VIP and serves it; a killed whole lb-01 hands it to lb-02, which serves it;
/// lb-01's return does not take it back (no preempt); a killed lb-02 balancer hands it back to lb-01; a partition
/// between the two makes both hold it and both serve, and once healed lb-01 alone holds it and clients follow; a hung
/// (stopped) lb-01 balancer hands it to lb-02; the dashboard shows each move; the site's DNS answers www with the VIP; <c>down</c> leaves no keepalived and no namespace. Every packet is sent from inside the
/// site's namespaces. No timing is asserted here: <c>chaos/vip-takeover.sh</c> measures the takeover.
/// </summary>
public sealed class VipNamespacesTests
{
    private const string Topology = """
        site:
          name: www.foobar.com
          files: {site}
          route_header: true
        hosts: namespaces
        network: { subnet: 10.83.0.0/24 }
        vips:
          www:
            address: 10.83.0.100
            balancers: { lb-01/balancer: 150, lb-02/balancer: 100 }
        servers:
          lb-01:
            address: 10.83.0.11
            components:
              balancer: { port: 18080, backend: web }
          lb-02:
            address: 10.83.0.12
            components:
              balancer: { port: 18080, backend: web }
          server-1:
            address: 10.83.0.1
            components:
              web: { port: 18081, backend: app }
              app: { port: 18082 }
              db: { port: 13306, role: primary }
          ns-01:
            address: 10.83.0.53
            components:
              dns: { port: 53 }
          mon-01:
            address: 10.83.0.51
            components:
              monitor: { port: 18090 }
        backends:
          web:
            members: [server-1/web]
          app:
            members: [server-1/app]
        firewall:
          enabled: true
        dns:
          zone: foobar.com
          records:
            www: [www]
        """;

    private static readonly TimeSpan s_takeoverLimit = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task The_vip_follows_the_healthy_balancer_and_stays_where_it_is_when_the_first_returns()
    {
        var site = await TestSite.StartAsync(Topology);
        var network = new SiteNetwork(site.StateDirectory);
        List<int> keepalivedAgents;
        try
        {
            keepalivedAgents = await AgentPidsAsync(site);
            Assert.Equal("lb-01 held, lb-02 BACKUP", Describe(await HoldersAsync(site)));
            Assert.Equal("lb-01/balancer", await ServedByAsync(site));
            Assert.Equal("10.83.0.100", (await site.RunOkAsync("exec", "operator", "--", "dig", "+short", "www.foobar.com")).Output.Trim());

            var keepalived = int.Parse(await File.ReadAllTextAsync(Path.Combine(site.StateDirectory, "vrrp", "lb-01", "keepalived.pid")), System.Globalization.CultureInfo.InvariantCulture);
            await site.RunOkAsync("kill", "lb-01");
            Assert.False(ProcessState.IsRunning(keepalived), $"keepalived (pid {keepalived}) outlives its killed server");
            await WaitForHoldersAsync(site, "lb-02");
            Assert.Equal("lb-02/balancer", await ServedByAsync(site));
            await WaitForDashboardAsync(site, "held by lb-02");

            // lb-01 is back and healthy, but the VIP stays: a takeover costs connections, so it moves only when it must.
            await site.RunOkAsync("start", "lb-01");
            Assert.Equal("lb-02 held, lb-01 BACKUP", Describe(await HoldersAsync(site, first: "lb-02"), other: "lb-01"));

            await site.RunOkAsync("kill", "lb-02/balancer");
            await WaitForHoldersAsync(site, "lb-01");
            Assert.Equal("lb-01/balancer", await ServedByAsync(site));
            keepalivedAgents.AddRange(await AgentPidsAsync(site));

            // Split brain: both alive, neither hearing the other, both hold the VIP and both serve, so no client is refused.
            await site.RunOkAsync("start", "lb-02");
            await site.RunOkAsync("partition", "lb-01", "lb-02");
            await WaitForHoldersAsync(site, "lb-01", "lb-02");
            Assert.StartsWith("lb-0", await ServedByAsync(site), StringComparison.Ordinal);

            // Healed: lb-02 steps back, and lb-01's gratuitous ARPs bring clients that last heard lb-02 back to it.
            await site.RunOkAsync("heal", "lb-01", "lb-02");
            await WaitForHoldersAsync(site, "lb-01");
            Assert.Equal("lb-01/balancer", await ServedByAsync(site));

            // A hung balancer (stopped, its connections accepted by the kernel and never answered) loses the VIP too.
            var hung = await site.PidOfAsync("lb-01/balancer");
            await Infrastructure.Cli.RunProgramAsync("kill", "-STOP", hung.ToString(System.Globalization.CultureInfo.InvariantCulture));
            try
            {
                await WaitForHoldersAsync(site, "lb-02");
                Assert.Equal("lb-02/balancer", await ServedByAsync(site));
            }
            finally
            {
                await Infrastructure.Cli.RunProgramAsync("kill", "-CONT", hung.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        finally
        {
            await site.DisposeAsync();
        }

        Assert.All(keepalivedAgents, pid => Assert.False(ProcessState.IsRunning(pid), $"the vrrp component (pid {pid}) still runs after down"));
        Assert.Empty(network.Existing());
    }

    /// <summary>Who holds the VIP, and the state of the balancer that does not (lb-02 unless <paramref name="first"/> says lb-02 is the holder).</summary>
    private static async Task<(IReadOnlyList<string> Holders, string? Other)> HoldersAsync(TestSite site, string first = "lb-01")
    {
        using var status = await site.StatusAsync();
        var vip = Assert.Single(status.RootElement.GetProperty("vips").EnumerateArray());
        var holders = vip.GetProperty("held_by").EnumerateArray().Select(h => h.GetString()!).ToList();
        var other = vip.GetProperty("balancers").EnumerateArray().Single(b => b.GetProperty("server").GetString() != first);
        return (holders, other.GetProperty("vrrp").GetString());
    }

    private static string Describe((IReadOnlyList<string> Holders, string? Other) view, string other = "lb-02") =>
        $"{string.Join(", ", view.Holders)} held, {other} {view.Other}";

    private static async Task WaitForHoldersAsync(TestSite site, params string[] servers)
    {
        var deadline = DateTime.UtcNow + s_takeoverLimit;
        IReadOnlyList<string> holders = [];
        while (DateTime.UtcNow < deadline)
        {
            (holders, _) = await HoldersAsync(site);
            if (holders.Order(StringComparer.Ordinal).SequenceEqual(servers))
            {
                return;
            }

            await Task.Delay(200);
        }

        Assert.Fail($"the VIP was not held by {string.Join(" and ", servers)} within {s_takeoverLimit.TotalSeconds} s; held by: {string.Join(", ", holders)}");
    }

    /// <summary>
    /// Waits until the dashboard draws the VIP with <paramref name="detail"/>, has logged its move and sees the DNS server
    /// answer for the zone, read as a browser
    /// would: logged in with the link of <c>webinfra dashboard</c>, from the operator namespace.
    /// </summary>
    private static async Task WaitForDashboardAsync(TestSite site, string detail)
    {
        var jar = await site.LogInToDashboardFromOperatorAsync("10.83.0.51:18090");
        var deadline = DateTime.UtcNow + s_takeoverLimit;
        var last = string.Empty;
        while (DateTime.UtcNow < deadline)
        {
            last = (await site.RunOkAsync("exec", "operator", "--", "curl", "-s", "-m", "5", "-b", jar, "http://10.83.0.51:18090/api/snapshot")).Output;
            using var snapshot = JsonDocument.Parse(last);
            var vip = snapshot.RootElement.GetProperty("components").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "vip www");
            var moved = snapshot.RootElement.GetProperty("events").EnumerateArray().Any(e => e.GetProperty("kind").GetString() == "vip_moved");
            var dns = snapshot.RootElement.GetProperty("components").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "ns-01/dns");
            if (vip.GetProperty("detail").GetString() == detail && moved && dns.GetProperty("state").GetString() == "up")
            {
                return;
            }

            await Task.Delay(500);
        }

        Assert.Fail($"the dashboard did not show VIP www {detail} with its move within {s_takeoverLimit.TotalSeconds} s; last snapshot: {last}");
    }

    /// <summary>The balancer that answered a request to the VIP, from its X-Served-By.</summary>
    private static async Task<string> ServedByAsync(TestSite site)
    {
        var result = await site.RunOkAsync("exec", "operator", "--", "curl", "-s", "-m", "5", "-D", "-", "-o", "/dev/null", "http://10.83.0.100:18080/robots.txt");
        Assert.StartsWith("HTTP/1.1 200", result.Output, StringComparison.Ordinal);
        var header = result.Output.Split('\n').Single(l => l.StartsWith("X-Served-By:", StringComparison.OrdinalIgnoreCase));
        return header["X-Served-By:".Length..].Trim().Split(',')[0].Trim();
    }

    private static async Task<List<int>> AgentPidsAsync(TestSite site)
    {
        using var status = await site.StatusAsync();
        return [.. status.RootElement.GetProperty("nodes").EnumerateArray()
            .Where(n => n.GetProperty("role").GetString() == "vrrp" && n.GetProperty("pid").ValueKind == JsonValueKind.Number)
            .Select(n => n.GetProperty("pid").GetInt32())];
    }
}
