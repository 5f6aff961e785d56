using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MySqlConnector;
using WebInfra.FunctionalTests.Infrastructure;

namespace WebInfra.FunctionalTests.Database;

/// <summary>
/// A database server added to a running site (its topology file edited, then <c>up</c> again, which starts what is not
/// running, as a reload does) is cloned from the running replica with mariadb-backup, with posts being written through
/// the site all along, after the primary purged the binary logs of its first posts: a replica replaying the primary's
/// history from the start could never have them. On 127.0.50.x.
/// </summary>
public sealed class ReplicaCloneTests
{
    private const int DatabasePort = ReplicaCloneTopology.DatabasePort;

    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(30);

    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task Database_server_added_by_a_reload_is_cloned_from_the_replica_and_replicates_without_a_failed_write()
    {
        await using var site = await TestSite.StartAsync(Topology(withServer3: false));
        await using var primary = await site.OpenDatabaseAsync("127.0.50.1", DatabasePort);
        var first = await PostAsync(site, "before the purge");
        await PurgeBinaryLogsAsync(primary);

        using var stop = new CancellationTokenSource();
        var writes = WriteUntilStoppedAsync(site, stop.Token);
        var readOnly = WatchReadOnlyAsync(site, stop.Token);
        CliResult up;
        try
        {
            await File.WriteAllTextAsync(site.TopologyPath, Topology(withServer3: true));
            up = await site.RunAsync("reload", site.TopologyPath);
        }
        finally
        {
            // A few more writes once the new node replicates, then the load stops.
            await Task.Delay(500);
            await stop.CancelAsync();
        }

        Assert.True(up.ExitCode == 0, up.ToString());
        Assert.Contains("cloned server-3/db from server-2/db", up.Output, StringComparison.Ordinal);
        var (succeeded, failures) = await writes;
        Assert.True(failures.Count == 0, $"{failures.Count} of {succeeded + failures.Count} writes failed during the clone: {string.Join("; ", failures.Take(5))}");
        Assert.True(succeeded > 0, "no write went on during the clone");
        Assert.Equal(0, await readOnly);

        var after = await PostAsync(site, "after the clone");
        await using var clone = await site.OpenDatabaseAsync("127.0.50.3", DatabasePort);
        var primaryPosition = await TestSite.VariableAsync(primary, "gtid_binlog_pos");
        Assert.Equal(0L, await ScalarAsync(clone, $"SELECT MASTER_GTID_WAIT('{primaryPosition}', 20)"));
        Assert.Equal(1L, await ScalarAsync(clone, $"SELECT COUNT(*) FROM foobar.posts WHERE id = {first}"));
        Assert.Equal(1L, await ScalarAsync(clone, $"SELECT COUNT(*) FROM foobar.posts WHERE id = {after}"));
        Assert.Equal(await ScalarAsync(primary, "SELECT COUNT(*) FROM foobar.posts"), await ScalarAsync(clone, "SELECT COUNT(*) FROM foobar.posts"));
        Assert.Equal("ON", await TestSite.VariableAsync(clone, "read_only"));
        Assert.Equal("ON", await TestSite.VariableAsync(clone, "rpl_semi_sync_slave_enabled"));

        var log = await site.RunOkAsync("logs", "server-3/db");
        Assert.Contains("cloned from server-2/db with mariadb-backup", log.Output, StringComparison.Ordinal);
        await TestSite.EventuallyAsync(async () =>
        {
            var status = await site.RunAsync("db", "status", "--json");
            using var document = JsonDocument.Parse(status.Output);
            var node = document.RootElement.GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("name").GetString() == "server-3/db");
            return node.GetProperty("role").GetString() == "replica" && node.GetProperty("seconds_behind_master") is { ValueKind: JsonValueKind.Number } lag && lag.GetInt64() == 0;
        }, s_deadline, "db status shows server-3/db as a replica with lag 0");
    }

    [Fact]
    public async Task Clone_whose_source_cannot_be_reached_leaves_no_data_directory_and_says_why()
    {
        await using var site = await TestSite.StartAsync(Topology(withServer3: false));
        await using var primary = await site.OpenDatabaseAsync("127.0.50.1", DatabasePort);

        // mariadb-backup reaches the replica through its socket; the replica itself keeps running and replicating.
        var socket = Path.Combine(site.StateDirectory, "db", "server-2", "data", "mariadbd.sock");
        File.Move(socket, socket + ".away");
        await File.WriteAllTextAsync(site.TopologyPath, Topology(withServer3: true));
        var up = await site.RunAsync("up", site.TopologyPath);
        File.Move(socket + ".away", socket);

        Assert.Equal(1, up.ExitCode);
        Assert.Contains("server-3/db: cloning from server-2/db failed", up.Error, StringComparison.Ordinal);
        Assert.Contains("Last lines of mariadb-backup --backup", up.Error, StringComparison.Ordinal);
        var newDirectory = Path.Combine(site.StateDirectory, "db", "server-3");
        Assert.False(Directory.Exists(Path.Combine(newDirectory, "data")), "a data directory was left behind");
        Assert.False(Directory.Exists(Path.Combine(newDirectory, "data.installing")), "the half-made copy was left behind");
        Assert.Equal("OFF", await TestSite.VariableAsync(primary, "read_only"));
        Assert.True(await PostAsync(site, "after the failed clone") > 0);
    }

    private static string Topology(bool withServer3) => ReplicaCloneTopology.Create("127.0.50", string.Empty, withServer3);

    /// <summary>
    /// Rotates the primary's binary log and deletes every earlier one: the transactions that created the schema and the
    /// first posts are then in no binary log anywhere a new replica could read from the start.
    /// </summary>
    private static async Task PurgeBinaryLogsAsync(MySqlConnection primary)
    {
        await ExecuteAsync(primary, "FLUSH BINARY LOGS");
        await using var command = new MySqlCommand("SHOW MASTER STATUS", primary);
        string current;
        await using (var reader = await command.ExecuteReaderAsync())
        {
            Assert.True(await reader.ReadAsync());
            current = reader.GetString(0);
        }

        // A binary log the replica's dump thread still reads is kept by PURGE; the replica moves on to the new one at once.
        await TestSite.EventuallyAsync(async () =>
        {
            await ExecuteAsync(primary, $"PURGE BINARY LOGS TO '{current}'");
            await using var logs = new MySqlCommand("SHOW BINARY LOGS", primary);
            await using var remaining = await logs.ExecuteReaderAsync();
            return await remaining.ReadAsync() && remaining.GetString(0) == current;
        }, s_deadline, $"the primary's binary logs before {current} are purged");
    }

    /// <summary>Posts one after another through the site until stopped (at most 2,000); how many succeeded, and every failure.</summary>
    private async Task<(int Succeeded, List<string> Failures)> WriteUntilStoppedAsync(TestSite site, CancellationToken stop)
    {
        var (succeeded, failures) = (0, new List<string>());
        for (var i = 0; i < 2_000 && !stop.IsCancellationRequested; i++)
        {
            try
            {
                using var response = await _http.PostAsJsonAsync(new Uri(site.Url, "/api/posts"), new { author = "clone", body = $"during the clone {i}" }, CancellationToken.None);
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    succeeded++;
                }
                else
                {
                    failures.Add($"HTTP {(int)response.StatusCode}");
                }
            }
            catch (HttpRequestException exception)
            {
                failures.Add(exception.Message);
            }

            await Task.Delay(20, CancellationToken.None);
        }

        return (succeeded, failures);
    }

    /// <summary>Reads the primary's <c>read_only</c> every 100 ms until stopped; how many times it was ON.</summary>
    private static async Task<int> WatchReadOnlyAsync(TestSite site, CancellationToken stop)
    {
        await using var primary = await site.OpenDatabaseAsync("127.0.50.1", DatabasePort);
        var readOnly = 0;
        while (!stop.IsCancellationRequested)
        {
            if (await TestSite.VariableAsync(primary, "read_only") != "OFF")
            {
                readOnly++;
            }

            await Task.Delay(100, CancellationToken.None);
        }

        return readOnly;
    }

    private async Task<long> PostAsync(TestSite site, string body)
    {
        using var response = await _http.PostAsJsonAsync(new Uri(site.Url, "/api/posts"), new { author = "clone", body });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.GetProperty("id").GetInt64();
    }

    private static async Task ExecuteAsync(MySqlConnection connection, string sql)
    {
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(MySqlConnection connection, string sql)
    {
        await using var command = new MySqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
