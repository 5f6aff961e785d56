using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MySqlConnector;
using WebInfra.FunctionalTests.Infrastructure;
using Xunit.Abstractions;

namespace WebInfra.FunctionalTests.Database;

/// <summary>
/// The monitor against real MariaDB processes: semi-sync by default, a SIGKILLed primary replaced with no acknowledged
/// write lost, the old primary rejoining read-only, and a switchover. Each test starts from whichever node is primary
/// now, so they hold in any order.
/// </summary>
public sealed class DatabaseFailoverTests(FailoverSite fixture, ITestOutputHelper output) : IClassFixture<FailoverSite>
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(20);

    private TestSite Site => fixture.Site;

    [Fact]
    public async Task Semi_sync_is_on_by_default_on_the_primary_and_the_replicas()
    {
        var cluster = await WaitForClusterAsync(c => c.Replicas.Count == 2);

        Assert.Equal("semisync", cluster.Replication);
        await using var primary = await Site.OpenDatabaseAsync(FailoverSite.HostOf(cluster.Primary), FailoverSite.DatabasePort);
        Assert.Equal("ON", await TestSite.VariableAsync(primary, "rpl_semi_sync_master_enabled"));
        Assert.Equal("AFTER_SYNC", await TestSite.VariableAsync(primary, "rpl_semi_sync_master_wait_point"));
        await ExecuteAsync(await OpenAsAppAsync(cluster.Primary), "INSERT INTO posts (author, body) VALUES ('semisync', 'acknowledged by a replica')");
        Assert.Equal("ON", await StatusAsync(primary, "Rpl_semi_sync_master_status"));
        foreach (var replica in cluster.Replicas)
        {
            await using var connection = await Site.OpenDatabaseAsync(FailoverSite.HostOf(replica), FailoverSite.DatabasePort);
            Assert.Equal("ON", await StatusAsync(connection, "Rpl_semi_sync_slave_status"));
        }
    }

    [Fact]
    public async Task Killed_primary_loses_no_acknowledged_write_and_rejoins_read_only()
    {
        var before = await WaitForClusterAsync(c => c.Replicas.Count == 2);
        var acknowledged = new ConcurrentBag<long>();
        using var stop = new CancellationTokenSource();
        var writer = WriteUntilStoppedAsync(acknowledged, stop.Token);
        await Task.Delay(TimeSpan.FromSeconds(1));

        var kill = await Site.RunAsync("kill", before.Primary);
        var killedAt = Stopwatch.GetTimestamp();
        var countAtKill = acknowledged.Count;
        Assert.True(kill.ExitCode == 0, kill.ToString());
        await TestSite.EventuallyAsync(() => Task.FromResult(acknowledged.Count > countAtKill + 20), s_deadline, "writes resume after the kill");
        var resumed = Stopwatch.GetElapsedTime(killedAt);
        await stop.CancelAsync();
        var (firstFailureAt, unavailable) = await writer;

        var after = await WaitForClusterAsync(c => c.Primary != before.Primary && c.Replicas.Count == 1);
        await using (var promoted = await Site.OpenDatabaseAsync(FailoverSite.HostOf(after.Primary), FailoverSite.DatabasePort))
        {
            Assert.Equal("ON", await StatusAsync(promoted, "Rpl_semi_sync_master_status"));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"SIGKILL of {before.Primary}: {after.Primary} promoted; monitor measured {after.LastFailoverSeconds:0.000} s from the first failed check to writable; "
            + $"writes failed for {unavailable.TotalSeconds:0.000} s (first failure {firstFailureAt:0.000} s after the writer started), resumed {resumed.TotalSeconds:0.000} s after the kill; "
            + $"{acknowledged.Count} writes acknowledged"));
        await AssertEveryRowEverywhereAsync(acknowledged, [after.Primary, .. after.Replicas]);

        var start = await Site.RunAsync("start", before.Primary);
        Assert.True(start.ExitCode == 0, start.ToString());
        var rejoined = await WaitForClusterAsync(c => c.Replicas.Contains(before.Primary) && c.Replicas.Count == 2);
        Assert.Equal(after.Primary, rejoined.Primary);
        await AssertEveryRowEverywhereAsync(acknowledged, [before.Primary]);
        var roles = await RolesAsync();
        Assert.Equal("db-primary", roles[after.Primary]);
        Assert.Equal("db-replica", roles[before.Primary]);
        await using var old = await OpenAsAppAsync(before.Primary);
        var refused = await Assert.ThrowsAsync<MySqlException>(() => ExecuteAsync(old, "INSERT INTO posts (author, body) VALUES ('old', 'primary')"));
        Assert.Equal(MySqlErrorCode.OptionPreventsStatement, refused.ErrorCode);
    }

    [Fact]
    public async Task Switchover_loses_no_write_and_makes_the_old_primary_a_replica()
    {
        var before = await WaitForClusterAsync(c => c.Replicas.Count == 2);
        var target = before.Replicas[0];
        var acknowledged = new ConcurrentBag<long>();
        using var stop = new CancellationTokenSource();
        var writer = WriteUntilStoppedAsync(acknowledged, stop.Token);
        await Task.Delay(TimeSpan.FromMilliseconds(500));

        var switchover = await Site.RunAsync("db", "switchover", "--to", target);
        Assert.True(switchover.ExitCode == 0, switchover.ToString());
        var countAfter = acknowledged.Count;
        await TestSite.EventuallyAsync(() => Task.FromResult(acknowledged.Count > countAfter + 20), s_deadline, "writes continue on the new primary");
        await stop.CancelAsync();
        var (_, unavailable) = await writer;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"switchover {before.Primary} -> {target}: {switchover.Output.Trim()}; writes failed for {unavailable.TotalSeconds:0.000} s; {acknowledged.Count} acknowledged"));

        var after = await WaitForClusterAsync(c => c.Primary == target && c.Replicas.Contains(before.Primary) && c.Replicas.Count == 2);
        await AssertEveryRowEverywhereAsync(acknowledged, [after.Primary, .. after.Replicas]);
    }

    [Fact]
    public async Task Switchover_to_a_node_that_is_not_a_database_node_is_bad_input()
    {
        var result = await Site.RunAsync("db", "switchover", "--to", "server-1/web");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("not a database node", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Db_status_shows_each_node_with_its_role_position_and_semi_sync()
    {
        var cluster = await WaitForClusterAsync(c => c.Replicas.Count == 2);

        var status = await Site.RunAsync("db", "status");

        Assert.True(status.ExitCode == 0, status.ToString());
        foreach (var node in FailoverSite.DatabaseNodes)
        {
            Assert.Contains(node, status.Output, StringComparison.Ordinal);
        }

        Assert.Contains("master on", status.Output, StringComparison.Ordinal);
        Assert.Contains($"primary: {cluster.Primary}", status.Output, StringComparison.Ordinal);
    }

    private async Task<Dictionary<string, string>> RolesAsync()
    {
        using var status = await Site.StatusAsync();
        return status.RootElement.GetProperty("nodes").EnumerateArray()
            .ToDictionary(n => n.GetProperty("name").GetString()!, n => n.GetProperty("role").GetString()!);
    }

    private AcknowledgedWrites Writes => new(Site, FailoverSite.DatabaseNodes, FailoverSite.HostOf, FailoverSite.DatabasePort, s_deadline, output);

    private Task<(double FirstFailureAt, TimeSpan Unavailable)> WriteUntilStoppedAsync(ConcurrentBag<long> acknowledged, CancellationToken stop) =>
        Writes.WriteUntilStoppedAsync(acknowledged, stop);

    private Task AssertEveryRowEverywhereAsync(ConcurrentBag<long> acknowledged, IReadOnlyList<string> nodes) => Writes.AssertEveryRowOnAsync(acknowledged, nodes);

    private async Task<Cluster> WaitForClusterAsync(Func<Cluster, bool> condition)
    {
        Cluster? cluster = null;
        CliResult? last = null;
        var deadline = DateTime.UtcNow + s_deadline;
        while (true)
        {
            last = await Site.RunAsync("db", "status", "--json");
            if (last.ExitCode == 0)
            {
                cluster = Cluster.Parse(last.Output);
                if (cluster.Primary.Length > 0 && condition(cluster))
                {
                    return cluster;
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                var log = Path.Combine(Site.StateDirectory, "logs", "lb-01-monitor.log");
                Assert.Fail($"the cluster did not reach the expected state within {s_deadline.TotalSeconds} s; last db status:\n{last}\n"
                    + $"monitor log:\n{string.Join('\n', File.ReadLines(log).TakeLast(40))}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
    }

    private Task<MySqlConnection> OpenAsAppAsync(string node) => Writes.OpenAsAppAsync(node);

    private static async Task ExecuteAsync(MySqlConnection connection, string sql)
    {
        await using (connection)
        {
            await using var command = new MySqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
    }

    private static async Task<string> StatusAsync(MySqlConnection connection, string name)
    {
        await using var command = new MySqlCommand($"SHOW GLOBAL STATUS LIKE '{name}'", connection);
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? reader.GetString(1) : string.Empty;
    }

    private sealed record Cluster(string Primary, IReadOnlyList<string> Replicas, string Replication, double? LastFailoverSeconds)
    {
        public static Cluster Parse(string json)
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var nodes = root.GetProperty("nodes").EnumerateArray().ToList();
            return new Cluster(
                root.GetProperty("primary").GetString() ?? string.Empty,
                [.. nodes.Where(n => n.GetProperty("role").GetString() == "replica").Select(n => n.GetProperty("name").GetString()!)],
                root.GetProperty("replication").GetString()!,
                root.GetProperty("last_failover_seconds").ValueKind == JsonValueKind.Number ? root.GetProperty("last_failover_seconds").GetDouble() : null);
        }
    }
}
