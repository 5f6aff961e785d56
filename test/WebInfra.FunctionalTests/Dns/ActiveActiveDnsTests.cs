using WebInfra.FunctionalTests.Infrastructure;

namespace WebInfra.FunctionalTests.Dns;

/// <summary>
/// Active-active DNS over two balancers' own addresses on a loopback site (127.0.34.x), where no address can float:
/// the DNS server checks each balancer it answers with, takes a dead one's address out of the answer and puts it back
/// when the balancer returns, and keeps every address when all are down (a client may still reach one). No timing is
/// asserted: each change is waited for within a bound.
/// </summary>
public sealed class ActiveActiveDnsTests
{
    private const string Topology = """
        site:
          name: www.foobar.com
          files: {site}
        servers:
          lb-01:
            address: 127.0.34.11
            components:
              balancer: { port: 18080, backend: web }
          lb-02:
            address: 127.0.34.12
            components:
              balancer: { port: 18080, backend: web }
          server-1:
            address: 127.0.34.1
            components:
              web: { port: 18081, backend: app }
              app: { port: 18082 }
              db: { port: 13306, role: primary }
          ns-01:
            address: 127.0.34.53
            components:
              dns: { port: 5353 }
        backends:
          web:
            members: [server-1/web]
          app:
            members: [server-1/app]
        dns:
          zone: foobar.com
          ttl: 5s
          records:
            www: [lb-01, lb-02]
        """;

    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_dead_balancers_address_leaves_the_answer_and_comes_back_and_all_down_keeps_all()
    {
        await using var site = await TestSite.StartAsync(Topology);
        Assert.Equal("127.0.34.11 127.0.34.12", await WwwAsync());

        await site.RunOkAsync("kill", "lb-01");
        await WaitForAsync("127.0.34.12");

        await site.RunOkAsync("start", "lb-01");
        await WaitForAsync("127.0.34.11 127.0.34.12");

        // Both down: the answer keeps both rather than none, as Route 53 does.
        await site.RunOkAsync("kill", "lb-01/balancer");
        await WaitForAsync("127.0.34.12");
        await site.RunOkAsync("kill", "lb-02/balancer");
        await WaitForAsync("127.0.34.11 127.0.34.12");
    }

    private static async Task WaitForAsync(string expected)
    {
        var deadline = DateTime.UtcNow + s_limit;
        var answer = string.Empty;
        while (DateTime.UtcNow < deadline)
        {
            answer = await WwwAsync();
            if (answer == expected)
            {
                return;
            }

            await Task.Delay(250);
        }

        Assert.Fail($"www.foobar.com did not answer '{expected}' within {s_limit.TotalSeconds} s; it answers '{answer}'");
    }

    private static async Task<string> WwwAsync() => string.Join(' ', (await DigAsync("www.foobar.com")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));

    private static async Task<string> DigAsync(params string[] query) =>
        (await Infrastructure.Cli.RunProgramAsync("dig", ["+short", "@127.0.34.53", "-p", "5353", .. query])).Output.Trim();
}
