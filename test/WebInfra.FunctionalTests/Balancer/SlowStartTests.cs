using System.Net;
using System.Text.Json;
using WebInfra.FunctionalTests.Infrastructure;
using Xunit.Abstractions;

namespace WebInfra.FunctionalTests.Balancer;

/// <summary>
/// <c>slowstart</c> through a real balancer: a web server killed and started again gets a small share of the requests
/// first, and its full share once its slow start is over, while the members the balancer started with had theirs at
/// once. Shares are counted from <c>X-Served-By</c> over a fixed number of requests; only their order is asserted.
/// On 127.0.50.x.
/// </summary>
public sealed class SlowStartTests(ITestOutputHelper output)
{
    private const int Requests = 50;

    private static readonly TimeSpan s_slowStart = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(20);

    private const string Topology = """
        site:
          name: www.foobar.com
          files: {site}
          route_header: true
        servers:
          lb-20:
            address: 127.0.50.20
            components:
              balancer: { port: 15180, backend: web }
          server-11:
            address: 127.0.50.11
            components:
              web: { port: 15181, backend: app }
              app: { port: 15182 }
              db: { port: 15406, role: primary }
          server-12:
            address: 127.0.50.12
            components:
              web: { port: 15181, backend: app }
        backends:
          web:
            members: [server-11/web, server-12/web]
            algorithm: roundrobin
            slowstart: 20s
            health: { path: /healthz, interval: 200ms, timeout: 150ms, rise: 2, fall: 2 }
          app:
            members: [server-11/app]
        """;

    [Fact]
    public async Task Web_server_started_again_gets_a_small_share_first_and_its_full_share_after_its_slow_start()
    {
        await using var site = await TestSite.StartAsync(Topology);

        // The members the balancer starts with take turns at once.
        Assert.Equal(Requests / 2, await CountServedByRestartedAsync(site));

        await site.RunOkAsync("kill", "server-12/web");
        await TestSite.EventuallyAsync(async () => await MemberStateAsync(site) == "DOWN", s_deadline, "the balancer sees server-12/web DOWN");
        await site.RunOkAsync("start", "server-12/web");
        await TestSite.EventuallyAsync(async () => await MemberStateAsync(site) == "UP", s_deadline, "the balancer sees server-12/web UP");
        var up = DateTime.UtcNow;

        var first = await CountServedByRestartedAsync(site);
        await Task.Delay(s_slowStart / 2 - (DateTime.UtcNow - up));
        var halfway = await CountServedByRestartedAsync(site);
        await Task.Delay(s_slowStart + TimeSpan.FromSeconds(1) - (DateTime.UtcNow - up));
        var after = await CountServedByRestartedAsync(site);

        var shares = $"server-12/web served {first}, then {halfway}, then {after} of {Requests}";
        output.WriteLine(shares);
        Assert.True(first < halfway && halfway <= after, shares);
        Assert.True(first <= Requests / 4, shares);
        Assert.InRange(after, Requests / 2 - 1, Requests / 2 + 1);
    }

    /// <summary>How many of <see cref="Requests"/> GETs in a row the restarted web server answered.</summary>
    private static async Task<int> CountServedByRestartedAsync(TestSite site)
    {
        var count = 0;
        for (var i = 0; i < Requests; i++)
        {
            using var response = await site.GetAsync("/robots.txt");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            if (TestSite.ServedBy(response).Contains("server-12/web"))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>server-12/web's state as the balancer's admin listener reports it: UP, DOWN.</summary>
    private static async Task<string?> MemberStateAsync(TestSite site)
    {
        using var document = JsonDocument.Parse(await site.GetAdminStringAsync(new Uri("http://127.0.50.20:16180/backend")));
        return document.RootElement.GetProperty("members").EnumerateArray()
            .Single(m => m.GetProperty("name").GetString() == "server-12/web")
            .GetProperty("state").GetString();
    }
}
