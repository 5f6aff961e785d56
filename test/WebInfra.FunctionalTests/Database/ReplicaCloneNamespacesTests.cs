using System.Text.Json;
using WebInfra.FunctionalTests.Infrastructure;

namespace WebInfra.FunctionalTests.Database;

/// <summary>
/// A database server added to a running site whose servers are network namespaces with their firewalls on (10.91.0.0/24):
/// the new server's namespace joins the running ones without disturbing them, mariadb-backup runs in the replica's
/// namespace and mbstream in the new one's, and the running nodes let the new server in, so it replicates from the
/// primary, which had purged the binary logs of the site's first posts.
/// </summary>
public sealed class ReplicaCloneNamespacesTests
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Database_server_added_to_a_running_namespaced_site_behind_firewalls_is_cloned_and_replicates()
    {
        await using var site = await TestSite.StartAsync(Topology(withServer3: false));
        await PostAsync(site, "before the purge");
        await site.RunOkAsync("sql", "server-1/db", "FLUSH BINARY LOGS");
        await site.RunOkAsync("sql", "server-1/db", "PURGE BINARY LOGS BEFORE NOW() + INTERVAL 1 SECOND");

        await File.WriteAllTextAsync(site.TopologyPath, Topology(withServer3: true));
        var up = await site.RunOkAsync("up", site.TopologyPath);
        Assert.Contains("cloned server-3/db from server-2/db", up.Output, StringComparison.Ordinal);
        await PostAsync(site, "after the clone");

        await TestSite.EventuallyAsync(async () =>
        {
            var status = await site.RunAsync("db", "status", "--json");
            using var document = JsonDocument.Parse(status.Output);
            var nodes = document.RootElement.GetProperty("nodes").EnumerateArray().ToDictionary(n => n.GetProperty("name").GetString()!, n => n.Clone());
            var clone = nodes["server-3/db"];
            return clone.GetProperty("role").GetString() == "replica"
                && clone.GetProperty("seconds_behind_master") is { ValueKind: JsonValueKind.Number } lag && lag.GetInt64() == 0
                && clone.GetProperty("gtid_current_pos").GetString() == nodes["server-1/db"].GetProperty("gtid_current_pos").GetString();
        }, s_deadline, "db status shows server-3/db as a replica with lag 0 and the primary's last post");
        var rows = await site.RunOkAsync("sql", "server-3/db", "SELECT body FROM foobar.posts ORDER BY id");
        Assert.Contains("before the purge", rows.Output, StringComparison.Ordinal);
        Assert.Contains("after the clone", rows.Output, StringComparison.Ordinal);
    }

    private static string Topology(bool withServer3) => ReplicaCloneTopology.Create(
        "10.91.0", "hosts: namespaces\nnetwork: { subnet: 10.91.0.0/24 }\nfirewall: { enabled: true }", withServer3);

    /// <summary>A post written through the site from the operator's namespace, the only place the servers are reached from.</summary>
    private static async Task PostAsync(TestSite site, string body)
    {
        var post = await site.RunOkAsync("exec", "operator", "--", "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}",
            "-H", "Content-Type: application/json", "-d", $$"""{"author":"clone","body":"{{body}}"}""", $"http://10.91.0.1:{ReplicaCloneTopology.WebPort}/api/posts");
        Assert.Equal("201", post.Output.Trim());
    }
}
