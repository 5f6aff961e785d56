using System.Text.Json;
using WebInfra.FunctionalTests.Infrastructure;

namespace WebInfra.FunctionalTests.Database;

/// <summary>
/// <c>db repair</c> on a site whose servers are network namespaces with their firewalls on (10.94.0.0/24), and no
/// monitor: <c>db status</c> reads the errant GTIDs from the nodes themselves, and the clone runs mariadb-backup in the
/// primary's namespace and mbstream in the replica's, as every command reaches the servers through the host seam.
/// </summary>
public sealed class ErrantTransactionsNamespacesTests
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Errant_write_on_a_namespaced_replica_is_reported_without_a_monitor_and_repaired_by_a_clone()
    {
        await using var site = await TestSite.StartAsync(ReplicaCloneTopology.Create(
            "10.94.0", "hosts: namespaces\nnetwork: { subnet: 10.94.0.0/24 }\nfirewall: { enabled: true }", withServer3: false));
        await PostAsync(site, "before the errant write");
        await site.RunOkAsync("sql", "server-2/db", "SET SESSION gtid_domain_id = 9; INSERT INTO foobar.posts (id, author, body) VALUES (1000000, 'errant', 'on the replica')");

        Assert.Equal(["9-2-1"], await ErrantGtidsAsync(site));
        var repair = await site.RunAsync("db", "repair", "server-2/db");

        Assert.True(repair.ExitCode == 0, repair.ToString());
        Assert.Contains("cloned server-2/db from server-1/db", repair.Output, StringComparison.Ordinal);
        Assert.Empty(await ErrantGtidsAsync(site));
        await PostAsync(site, "after the repair");
        await TestSite.EventuallyAsync(async () =>
        {
            var rows = await site.RunOkAsync("sql", "server-2/db", "SELECT body FROM foobar.posts ORDER BY id", "--batch");
            return rows.Output.Contains("after the repair", StringComparison.Ordinal);
        }, s_deadline, "server-2/db replicates the post written after the repair");
        var all = await site.RunOkAsync("sql", "server-2/db", "SELECT body FROM foobar.posts ORDER BY id", "--batch");
        Assert.Equal(["before the errant write", "after the repair"], all.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    private static async Task<List<string>> ErrantGtidsAsync(TestSite site)
    {
        var status = await site.RunOkAsync("db", "status", "--json");
        using var document = JsonDocument.Parse(status.Output);
        var replica = document.RootElement.GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("name").GetString() == "server-2/db");
        return [.. replica.GetProperty("errant_gtids").EnumerateArray().Select(g => g.GetString()!)];
    }

    /// <summary>A post written through the site from the operator's namespace, the only place the servers are reached from.</summary>
    private static async Task PostAsync(TestSite site, string body)
    {
        var post = await site.RunOkAsync("exec", "operator", "--", "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}",
            "-H", "Content-Type: application/json", "-d", $$"""{"author":"errant","body":"{{body}}"}""", $"http://10.94.0.1:{ReplicaCloneTopology.WebPort}/api/posts");
        Assert.Equal("201", post.Output.Trim());
    }
}
