using System.Text.RegularExpressions;
using WebInfra.FunctionalTests.Infrastructure;

namespace WebInfra.FunctionalTests.Hosts;

/// <summary>
/// A site whose servers are network namespaces, tried as an operator would, through <c>webinfra exec</c>: the balancer
/// spreads requests over both web servers and skips a killed one, and each server's kernel firewall drops what the site
/// does not need (no MariaDB greeting for a server that runs no database client) while the allowed sources connect.
/// </summary>
public sealed partial class NamespacesTests(NamespacesSiteFixture fixture) : IClassFixture<NamespacesSiteFixture>
{
    private TestSite Site => fixture.Site;

    [Fact]
    public async Task The_balancer_spreads_requests_over_both_web_servers_as_seen_from_the_operator()
    {
        var servedBy = await WebServersAsync(8);

        Assert.Equal(["server-1/web", "server-2/web"], servedBy.Distinct().Order());
    }

    [Fact]
    public async Task A_killed_web_server_is_skipped()
    {
        await Site.RunOkAsync("kill", "server-1/web");
        try
        {
            await TestSite.EventuallyAsync(async () => (await WebServersAsync(4)).All(s => s == "server-2/web"), TimeSpan.FromSeconds(10), "only server-2/web serves");
        }
        finally
        {
            await Site.RunOkAsync("start", "server-1/web");
        }

        await TestSite.EventuallyAsync(async () => (await WebServersAsync(6)).Contains("server-1/web"), TimeSpan.FromSeconds(10), "server-1/web is back in the rotation");
    }

    [Fact]
    public async Task The_kernel_firewall_drops_a_foreign_server_at_mariadbs_port_and_the_app_port_while_allowed_sources_connect()
    {
        // lb-01 runs no database client and forwards only to web servers: both are dropped, not refused, with no greeting.
        var fromBalancer = await ConnectAsync("lb-01", "10.78.0.2", 13306);
        var balancerToApp = await ConnectAsync("lb-01", "10.78.0.2", 18082);
        var fromApplicationServer = await ConnectAsync("server-1", "10.78.0.2", 13306);
        var fromMonitor = await ConnectAsync("mon-01", "10.78.0.1", 13306);

        Assert.Equal("timed out", fromBalancer);
        Assert.Equal("timed out", balancerToApp);
        Assert.Contains("-MariaDB", fromApplicationServer, StringComparison.Ordinal);
        Assert.Contains("-MariaDB", fromMonitor, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_reports_the_servers_real_addresses()
    {
        using var status = await Site.StatusAsync();

        Assert.Equal(NamespacesSiteFixture.Balancer, status.RootElement.GetProperty("site").GetString());
        Assert.Contains(status.RootElement.GetProperty("nodes").EnumerateArray(), n => n.GetProperty("address").GetString() == "10.78.0.2:13306");
    }

    [Fact]
    public async Task Killing_the_primary_during_a_stream_of_writes_loses_no_acknowledged_write()
    {
        var writes = Site.RunOkAsync("exec", "operator", "--", "sh", "-c",
            "for i in $(seq 150); do curl -s -m 5 -H 'Content-Type: application/json' -d \"{\\\"author\\\":\\\"ns\\\",\\\"body\\\":\\\"failover $i\\\"}\" -w ' %{http_code}\\n' "
            + NamespacesSiteFixture.Balancer + "/api/posts; done");
        await Task.Delay(TimeSpan.FromSeconds(1));
        await Site.RunOkAsync("kill", "server-1/db");
        var acknowledged = Acknowledged().Matches((await writes).Output).Select(m => m.Groups[1].Value).ToList();

        await TestSite.EventuallyAsync(async () => (await Site.RunAsync("db", "status")).Output.Contains("primary: server-2/db", StringComparison.Ordinal), TimeSpan.FromSeconds(15), "server-2/db is the primary");
        var stored = (await Site.RunOkAsync("sql", "server-2/db", "SELECT id FROM foobar.posts WHERE body LIKE 'failover %'", "--batch")).Output
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        await Site.RunOkAsync("start", "server-1/db");

        Assert.True(acknowledged.Count > 20, $"only {acknowledged.Count} writes were acknowledged");
        Assert.Empty(acknowledged.Except(stored));
    }

    /// <summary>Which web server answered each of <paramref name="count"/> GETs of /robots.txt sent from the operator's namespace.</summary>
    private async Task<List<string>> WebServersAsync(int count)
    {
        var result = await Site.RunOkAsync("exec", "operator", "--", "sh", "-c",
            $"for i in $(seq {count}); do curl -s -m 5 -o /dev/null -D - {NamespacesSiteFixture.Balancer}/robots.txt; done");
        return [.. ServedBy().Matches(result.Output).Select(m => m.Groups[1].Value)];
    }

    /// <summary>What a TCP client on <paramref name="server"/> reads within 2 s of connecting to <paramref name="address"/>:<paramref name="port"/>, or "timed out".</summary>
    private async Task<string> ConnectAsync(string server, string address, int port)
    {
        var result = await Site.RunAsync("exec", server, "--", "python3", "-c", $$"""
            import socket
            try:
                s = socket.create_connection(("{{address}}", {{port}}), timeout=2)
                s.settimeout(2)
                print(s.recv(64).decode("latin-1"))
            except (socket.timeout, TimeoutError):
                print("timed out")
            except OSError as e:
                print("refused: " + str(e))
            """);
        return result.Output.Trim();
    }

    [GeneratedRegex(@"X-Served-By: lb-01/balancer, (server-\d/web)", RegexOptions.IgnoreCase)]
    private static partial Regex ServedBy();

    [GeneratedRegex(@"\{""id"":(\d+),[^\n]*\} 201")]
    private static partial Regex Acknowledged();
}
