using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MySqlConnector;
using WebInfra.FunctionalTests.Infrastructure;
using Xunit.Abstractions;

namespace WebInfra.FunctionalTests.Database;

/// <summary>
/// Errant transactions on a monitored site (the distributed design on 127.0.59.x): a row the administrator writes
/// straight into the replica (read_only does not stop the administrator, and sql_log_bin is on) is seen by the monitor
/// as GTIDs the primary lacks, in <c>db status</c> and in <c>webinfra_db_errant_transactions</c>, and
/// <c>db repair</c> rids the replica of it: by a clone from the primary, or by injecting the GTIDs on the primary.
/// </summary>
public sealed class ErrantTransactionsTests(ITestOutputHelper output)
{
    private const string Primary = "127.0.59.1";
    private const string Replica = "127.0.59.2";
    private const int DatabasePort = 13306;

    private static readonly Uri s_monitorAdmin = new("http://127.0.59.10:19090/metrics");
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Errant_write_on_the_replica_is_reported_and_a_repair_clones_the_replica_from_the_primary_with_every_row()
    {
        await using var site = await TestSite.StartAsync(TestTopologies.Monitored("127.0.59"));
        await using var primary = await InStepAsync(site);

        var clean = await site.RunAsync("db", "repair", "server-2/db");
        Assert.True(clean.ExitCode == 2, clean.ToString());
        Assert.Contains("server-2/db holds no transaction that the primary server-1/db lacks", clean.Error, StringComparison.Ordinal);
        var ofPrimary = await site.RunAsync("db", "repair", "server-1/db");
        Assert.True(ofPrimary.ExitCode == 2, ofPrimary.ToString());
        Assert.Contains("server-1/db is the primary", ofPrimary.Error, StringComparison.Ordinal);

        // In the primary's own domain: the primary's next write then stops the replica's SQL thread (gtid_strict_mode).
        var errant = await WriteErrantRowAsync(site, domain: null);
        await PostAsync(site, "after the errant write");
        var gtids = await ErrantGtidsEventuallyAsync(site, "server-2/db", expectAny: true);
        Assert.Equal([errant], gtids);
        Assert.Equal(1, await ErrantMetricAsync(site, "server-2/db"));
        Assert.Equal(0, await ErrantMetricAsync(site, "server-1/db"));
        var table = string.Join(' ', (await site.RunOkAsync("db", "status")).Output.Split((char[])[' ', '\n', '│'], StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"(errant: {errant})", table, StringComparison.Ordinal);
        Assert.Contains("'./webinfra db repair server-2/db' rebuilds it", table, StringComparison.Ordinal);

        var repair = await site.RunAsync("db", "repair", "server-2/db");
        output.WriteLine(repair.Output);

        Assert.True(repair.ExitCode == 0, repair.ToString());
        Assert.Contains("cloned server-2/db from server-1/db", repair.Output, StringComparison.Ordinal);
        Assert.Contains("repaired server-2/db: rebuilt as a clone", repair.Output, StringComparison.Ordinal);
        Assert.Empty(await ErrantGtidsEventuallyAsync(site, "server-2/db", expectAny: false));
        Assert.Equal(0, await ErrantMetricAsync(site, "server-2/db"));
        Assert.False(Directory.Exists(Path.Combine(site.StateDirectory, "db", "server-2", "data.before-repair")), "the old data directory was left aside");

        await AssertReplicatesEveryRowAsync(site, primary, errantRows: 0);
    }

    [Fact]
    public async Task Errant_write_in_another_domain_leaves_the_replica_replicating_and_a_repair_injects_it_on_the_primary()
    {
        await using var site = await TestSite.StartAsync(TestTopologies.Monitored("127.0.59"));
        await using var primary = await InStepAsync(site);

        var errant = await WriteErrantRowAsync(site, domain: 9);
        var during = await PostAsync(site, "while the replica holds an errant transaction");
        Assert.Equal([errant], await ErrantGtidsEventuallyAsync(site, "server-2/db", expectAny: true));
        await using (var replicating = await WaitUntilReplicaHasAsync(site, primary))
        {
            Assert.Equal(1L, await ScalarAsync(replicating, $"SELECT COUNT(*) FROM foobar.posts WHERE id = {during}"));
        }

        var unconfirmed = await site.RunAsync("db", "repair", "server-2/db", "--inject");
        Assert.True(unconfirmed.ExitCode == 2, unconfirmed.ToString());
        Assert.Contains("no terminal to ask on", unconfirmed.Error, StringComparison.Ordinal);

        var repair = await site.RunAsync("db", "repair", "server-2/db", "--inject", "--yes");

        Assert.True(repair.ExitCode == 0, repair.ToString());
        Assert.Contains($"server-1/db committed one empty transaction under each of {errant}", repair.Output, StringComparison.Ordinal);
        Assert.Empty(await ErrantGtidsEventuallyAsync(site, "server-2/db", expectAny: false));
        Assert.Contains(errant, await TestSite.VariableAsync(primary, "gtid_binlog_pos"), StringComparison.Ordinal);
        Assert.Equal(0L, await ScalarAsync(primary, "SELECT COUNT(*) FROM foobar.posts WHERE author = 'errant'"));

        await AssertReplicatesEveryRowAsync(site, primary, errantRows: 1);
    }

    [Fact]
    public async Task Repair_whose_clone_fails_puts_the_old_data_back_and_says_why()
    {
        await using var site = await TestSite.StartAsync(TestTopologies.Monitored("127.0.59"));
        await using var primary = await InStepAsync(site);
        var errant = await WriteErrantRowAsync(site, domain: 9);
        Assert.Equal([errant], await ErrantGtidsEventuallyAsync(site, "server-2/db", expectAny: true));

        // mariadb-backup reaches the source, the primary, through its socket; the primary itself keeps running.
        var socket = Path.Combine(site.StateDirectory, "db", "server-1", "data", "mariadbd.sock");
        File.Move(socket, socket + ".away");
        CliResult repair;
        try
        {
            repair = await site.RunAsync("db", "repair", "server-2/db");
        }
        finally
        {
            File.Move(socket + ".away", socket);
        }

        Assert.True(repair.ExitCode == 1, repair.ToString());
        Assert.Contains("repair of server-2/db failed, and it runs on its old data again", repair.Error, StringComparison.Ordinal);
        Assert.Contains("cloning from server-1/db failed", repair.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(site.StateDirectory, "db", "server-2", "data.before-repair")), "the old data directory was left aside");
        Assert.Equal([errant], await ErrantGtidsEventuallyAsync(site, "server-2/db", expectAny: true));
        await using var replica = await WaitUntilReplicaHasAsync(site, primary);
        Assert.Equal(1L, await ScalarAsync(replica, "SELECT COUNT(*) FROM foobar.posts WHERE author = 'errant'"));
    }

    /// <summary>
    /// Posts once more, and checks that the replica applies it with both threads running and has every row of the
    /// primary, plus <paramref name="errantRows"/> of its own.
    /// </summary>
    private static async Task AssertReplicatesEveryRowAsync(TestSite site, MySqlConnection primary, long errantRows)
    {
        var after = await PostAsync(site, "after the repair");
        await using var replica = await WaitUntilReplicaHasAsync(site, primary);
        Assert.Equal(1L, await ScalarAsync(replica, $"SELECT COUNT(*) FROM foobar.posts WHERE id = {after}"));
        Assert.Equal(errantRows, await ScalarAsync(replica, "SELECT COUNT(*) FROM foobar.posts WHERE author = 'errant'"));
        Assert.Equal(await ScalarAsync(primary, "SELECT COUNT(*) FROM foobar.posts") + errantRows, await ScalarAsync(replica, "SELECT COUNT(*) FROM foobar.posts"));
        var replication = await TestSite.SlaveStatusAsync(replica);
        Assert.Equal(("Yes", "Yes"), (replication["Slave_IO_Running"], replication["Slave_SQL_Running"]));
    }

    /// <summary>A post through the site, once the replica has it; returns a connection to the primary.</summary>
    private static async Task<MySqlConnection> InStepAsync(TestSite site)
    {
        var primary = await site.OpenDatabaseAsync(Primary, DatabasePort);
        await PostAsync(site, "before the errant write");
        await (await WaitUntilReplicaHasAsync(site, primary)).DisposeAsync();
        return primary;
    }

    /// <summary>
    /// Inserts a post straight into the replica as the administrator (in <paramref name="domain"/>, else the replica's
    /// default domain 0), as an operator bypassing read_only would; returns the GTID it got.
    /// </summary>
    private static async Task<string> WriteErrantRowAsync(TestSite site, int? domain)
    {
        await using var replica = await site.OpenDatabaseAsync(Replica, DatabasePort);
        var sql = (domain is { } d ? string.Create(CultureInfo.InvariantCulture, $"SET SESSION gtid_domain_id = {d}; ") : string.Empty)
            + "INSERT INTO foobar.posts (id, author, body) VALUES (1000000, 'errant', 'written on the replica'); SELECT @@last_gtid";
        await using var command = new MySqlCommand(sql, replica);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Waits until the replica has applied everything the primary has, and returns a connection to it.</summary>
    private static async Task<MySqlConnection> WaitUntilReplicaHasAsync(TestSite site, MySqlConnection primary)
    {
        var replica = await site.OpenDatabaseAsync(Replica, DatabasePort);
        var position = await TestSite.VariableAsync(primary, "gtid_binlog_pos");
        var deadline = DateTime.UtcNow + s_deadline;
        while (await ScalarAsync(replica, $"SELECT MASTER_GTID_WAIT('{position}', 1)") != 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                var replication = await TestSite.SlaveStatusAsync(replica);
                Assert.Fail($"server-2/db did not apply the primary's {position} within {s_deadline.TotalSeconds} s: "
                    + $"at {await TestSite.VariableAsync(replica, "gtid_current_pos")}, IO {replication["Slave_IO_Running"]}, SQL {replication["Slave_SQL_Running"]}, "
                    + $"last error {replication["Last_Error"]} {replication["Last_IO_Error"]}");
            }
        }

        return replica;
    }

    /// <summary>The node's <c>errant_gtids</c> in <c>db status --json</c>, once it has some (or none, as expected).</summary>
    private static async Task<List<string>> ErrantGtidsEventuallyAsync(TestSite site, string node, bool expectAny)
    {
        List<string> gtids = [];
        await TestSite.EventuallyAsync(async () =>
        {
            var status = await site.RunOkAsync("db", "status", "--json");
            using var document = JsonDocument.Parse(status.Output);
            var entry = document.RootElement.GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("name").GetString() == node);
            gtids = entry.GetProperty("errant_gtids") is { ValueKind: JsonValueKind.Array } list ? [.. list.EnumerateArray().Select(g => g.GetString()!)] : [];
            return (gtids.Count > 0) == expectAny && (expectAny || entry.GetProperty("role").GetString() == "replica");
        }, s_deadline, expectAny ? $"db status shows errant GTIDs on {node}" : $"db status shows {node} a replica with no errant GTIDs");
        return gtids;
    }

    private static async Task<double> ErrantMetricAsync(TestSite site, string node)
    {
        var metrics = await site.GetAdminStringAsync(s_monitorAdmin);
        var line = metrics.Split('\n').Single(l => l.StartsWith($"webinfra_db_errant_transactions{{node=\"{node}\"}} ", StringComparison.Ordinal));
        return double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
    }

    private static async Task<long> PostAsync(TestSite site, string body)
    {
        using var response = await site.Http.PostAsJsonAsync(new Uri(site.Url, "/api/posts"), new { author = "errant-test", body });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.GetProperty("id").GetInt64();
    }

    private static async Task<long> ScalarAsync(MySqlConnection connection, string sql)
    {
        await using var command = new MySqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
