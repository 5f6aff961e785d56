using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using MySqlConnector;
using WebInfra.FunctionalTests.Infrastructure;
using WebInfra.Hosting.Administration;
using Xunit.Abstractions;

namespace WebInfra.FunctionalTests.Database;

/// <summary>
/// Three monitors electing the one that acts through three etcd members, against real etcd and MariaDB processes:
/// exactly one leads, a SIGKILLed leader is replaced within seconds and the new leader fails over with no acknowledged
/// write lost, and without an etcd quorum no monitor leads, reads go on and no failover happens. Each test starts from
/// whichever monitor leads and whichever node is primary now, so they hold in any order.
/// </summary>
public sealed class MonitorElectionTests(MonitorElectionSite fixture, ITestOutputHelper output) : IClassFixture<MonitorElectionSite>
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(30);

    private TestSite Site => fixture.Site;

    private AcknowledgedWrites Writes => new(Site, MonitorElectionSite.DatabaseNodes, MonitorElectionSite.HostOf, MonitorElectionSite.DatabasePort, s_deadline, output);

    [Fact]
    public async Task Exactly_one_monitor_leads_a_killed_leader_is_replaced_and_the_new_leader_fails_over()
    {
        var before = await WaitForClusterAsync(c => c.Leader is not null && c.Replicas.Count == 2);
        var views = await ViewsAsync(MonitorElectionSite.Monitors);
        Assert.All(views, v => Assert.Equal(before.Leader, v.Value.Leader));

        // Timed from the kill command's return: the CLI's own start-up comes before the signal.
        await Site.RunOkAsync("kill", before.Leader!);
        var killedLeaderAt = Stopwatch.GetTimestamp();
        var others = MonitorElectionSite.Monitors.Where(m => m != before.Leader).ToList();
        string? successor = null;
        await TestSite.EventuallyAsync(async () =>
        {
            var leaders = (await ViewsAsync(others)).Values.Select(v => v.Leader).Distinct().ToList();
            successor = leaders is [{ } one] && one != before.Leader ? one : null;
            return successor is not null;
        }, s_deadline, "another monitor leads, and the others agree");
        var elected = Stopwatch.GetElapsedTime(killedLeaderAt);

        var acknowledged = new ConcurrentBag<long>();
        using var stop = new CancellationTokenSource();
        var writer = Writes.WriteUntilStoppedAsync(acknowledged, stop.Token);
        await Task.Delay(TimeSpan.FromSeconds(1));
        await Site.RunOkAsync("kill", before.Primary);
        var killedPrimaryAt = Stopwatch.GetTimestamp();
        var countAtKill = acknowledged.Count;
        await TestSite.EventuallyAsync(() => Task.FromResult(acknowledged.Count > countAtKill + 20), s_deadline, "writes resume after the kill");
        var resumed = Stopwatch.GetElapsedTime(killedPrimaryAt);
        await stop.CancelAsync();
        await writer;

        var after = await WaitForClusterAsync(c => c.Primary != before.Primary && c.Replicas.Count == 1);
        Assert.Equal(successor, after.Leader);
        Assert.True(after.Failovers >= 1, $"{successor} made no failover");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"SIGKILL of the leader {before.Leader}: {successor} leads {elected.TotalSeconds:0.00} s after 'kill' returned (polling the monitors' /cluster); "
            + $"SIGKILL of the primary {before.Primary}: {successor} promoted {after.Primary}, measured {after.LastFailoverSeconds:0.000} s from the first failed check to writable; "
            + $"writes resumed {resumed.TotalSeconds:0.00} s after 'kill' returned; {acknowledged.Count} acknowledged"));
        await Writes.AssertEveryRowOnAsync(acknowledged, [after.Primary, .. after.Replicas]);
        var record = (await File.ReadAllTextAsync(Path.Combine(Site.StateDirectory, "database", "primary"))).Split(' ');
        Assert.Equal(after.Primary, record[0]);

        await Site.RunOkAsync("start", before.Leader!);
        await Site.RunOkAsync("start", before.Primary);
        await WaitForClusterAsync(c => c.Replicas.Count == 2 && c.Primary == after.Primary);
        Assert.All(await ViewsAsync(MonitorElectionSite.Monitors), v => Assert.Equal(successor, v.Value.Leader));

        // A monitor that does not lead refuses a switchover, naming the leader; the CLI asks the leader.
        var follower = MonitorElectionSite.Monitors.First(m => m != successor);
        using (var refused = await Site.SendAdminAsync(HttpMethod.Post,
            new Uri($"http://{MonitorElectionSite.HostOf(follower)}:{MonitorElectionSite.MonitorAdminPort}/switchover?to={Uri.EscapeDataString(before.Primary)}"), AdminScope.Admin))
        {
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            Assert.Contains($"{successor} leads: ask it", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await Site.RunOkAsync("db", "switchover", "--to", before.Primary);
        await WaitForClusterAsync(c => c.Primary == before.Primary && c.Replicas.Count == 2);
    }

    [Fact]
    public async Task Without_an_etcd_quorum_no_monitor_leads_reads_go_on_and_no_failover_happens()
    {
        var before = await WaitForClusterAsync(c => c.Leader is not null && c.Replicas.Count == 2);
        await Site.RunOkAsync("kill", "mon-02/etcd");
        await Site.RunOkAsync("kill", "mon-03/etcd");
        await WaitForClusterAsync(c => c.Leader is null && c.LeadershipProblem is not null);
        var status = await Site.RunOkAsync("db", "status");
        Assert.Contains("no monitor leads", status.Output, StringComparison.Ordinal);

        await Site.RunOkAsync("kill", before.Primary);
        // Three failed checks 500 ms apart would fail over in about 1.5 s; four seconds without a leader must not.
        await Task.Delay(TimeSpan.FromSeconds(4));
        foreach (var replica in before.Replicas)
        {
            await using var connection = await Site.OpenDatabaseAsync(MonitorElectionSite.HostOf(replica), MonitorElectionSite.DatabasePort);
            Assert.Equal("ON", await TestSite.VariableAsync(connection, "read_only"));
            await using var count = new MySqlCommand("SELECT COUNT(*) FROM foobar.posts", connection);
            Assert.True(Convert.ToInt64(await count.ExecuteScalarAsync(), CultureInfo.InvariantCulture) >= 0);
        }

        var during = await WaitForClusterAsync(c => c.Leader is null);
        Assert.Equal(string.Empty, during.Primary);

        var restoredAt = Stopwatch.GetTimestamp();
        await Site.RunOkAsync("start", "mon-02/etcd");
        await Site.RunOkAsync("start", "mon-03/etcd");
        var after = await WaitForClusterAsync(c => c.Leader is not null && c.Primary != before.Primary && c.Primary.Length > 0);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"etcd quorum back: {after.Leader} leads and promoted {after.Primary} {Stopwatch.GetElapsedTime(restoredAt).TotalSeconds:0.00} s after 'start' returned"));
        await Site.RunOkAsync("start", before.Primary);
        await WaitForClusterAsync(c => c.Replicas.Count == 2);
    }

    [Fact]
    public async Task A_primary_no_replica_acknowledges_is_degraded_holds_failover_and_is_restored_under_writes_that_never_stop()
    {
        var before = await WaitForClusterAsync(c => c.Leader is not null && c.Replicas.Count == 2 && c.FailoverHeld is null);
        var acknowledged = new ConcurrentBag<long>();
        using var stop = new CancellationTokenSource();
        var writer = Writes.WriteUntilStoppedAsync(acknowledged, stop.Token);

        // Both replicas gone: commits wait for an acknowledgement nobody sends, until the leader degrades the primary
        // on the record (which holds failover) and switches semi-sync off, so writes go on without a replica.
        foreach (var replica in before.Replicas)
        {
            await Site.RunOkAsync("kill", replica);
        }

        var held = await WaitForClusterAsync(c => c.FailoverHeld is not null);
        Assert.Equal(before.Primary, held.Primary);
        var countWhenHeld = acknowledged.Count;
        await TestSite.EventuallyAsync(() => Task.FromResult(acknowledged.Count > countWhenHeld + 50), s_deadline, "writes go on with semi-sync degraded");

        // Killed while degraded, it alone holds what it acknowledged since: it recovers as the primary it stays
        // (--init-rpl-role=MASTER, which keeps every transaction of its binary log), no replica is promoted, and it takes
        // writes again, still degraded.
        await Site.RunOkAsync("kill", before.Primary);
        await Site.RunOkAsync("start", before.Primary);
        var commandLine = await File.ReadAllTextAsync($"/proc/{await Site.PidOfAsync(before.Primary)}/cmdline");
        Assert.Contains("--init-rpl-role=MASTER", commandLine, StringComparison.Ordinal);
        var countAtRestart = acknowledged.Count;
        await TestSite.EventuallyAsync(() => Task.FromResult(acknowledged.Count > countAtRestart + 50), s_deadline, "writes go on after the degraded primary's restart");
        var reopened = await WaitForClusterAsync(c => c.Primary.Length > 0);
        Assert.Equal((before.Primary, true), (reopened.Primary, reopened.FailoverHeld is not null));

        // Back, and caught up while the writer never stops: semi-sync comes back on and failover is allowed again.
        var startedAt = Stopwatch.GetTimestamp();
        foreach (var replica in before.Replicas)
        {
            await Site.RunOkAsync("start", replica);
        }

        await WaitForClusterAsync(c => c.FailoverHeld is null && c.Replicas.Count == 2);
        var restored = Stopwatch.GetElapsedTime(startedAt);

        // With the record cleared, a killed primary is replaced and nothing it acknowledged, alone or not, is lost.
        await Site.RunOkAsync("kill", before.Primary);
        var after = await WaitForClusterAsync(c => c.Primary.Length > 0 && c.Primary != before.Primary);
        var countAfter = acknowledged.Count;
        await TestSite.EventuallyAsync(() => Task.FromResult(acknowledged.Count > countAfter + 20), s_deadline, "writes resume on the new primary");
        await stop.CancelAsync();
        await writer;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"degraded with both replicas killed; restored {restored.TotalSeconds:0.0} s after they were started, under writes; {after.Primary} promoted after the primary's kill; {acknowledged.Count} acknowledged"));
        await Writes.AssertEveryRowOnAsync(acknowledged, [after.Primary, .. after.Replicas]);

        await Site.RunOkAsync("start", before.Primary);
        await WaitForClusterAsync(c => c.Replicas.Count == 2 && c.FailoverHeld is null);
    }

    [Fact]
    public async Task A_primary_back_without_a_transaction_its_replicas_received_takes_no_writes_and_a_replica_holding_it_is_promoted()
    {
        var before = await WaitForClusterAsync(c => c.Leader is not null && c.Replicas.Count == 2 && c.FailoverHeld is null);

        // What a SIGKILL of the primary leaves when its crash recovery (as a replica's, --init-rpl-role=SLAVE) cuts a
        // transaction both replicas received: its commit had not reached InnoDB's redo log. That race lasts about a
        // millisecond (chaos/jepsen.py met it once in CI), so the state is made here, while no monitor leads (two etcd
        // members down) so that none acts on half of it: the primary is killed, each replica gets a row under the
        // primary's next GTID as replication would have left it (in its binary log and its gtid_slave_pos), and the
        // primary starts again without it, read-only.
        long id;
        string serverId;
        long sequence;
        await using (var primary = await Site.OpenDatabaseAsync(MonitorElectionSite.HostOf(before.Primary), MonitorElectionSite.DatabasePort))
        {
            serverId = await TestSite.VariableAsync(primary, "server_id");
            var last = (await TestSite.VariableAsync(primary, "gtid_binlog_pos")).Split(',').Single(g => g.StartsWith("0-", StringComparison.Ordinal));
            sequence = long.Parse(last.Split('-')[2], CultureInfo.InvariantCulture) + 1;
            await using var next = new MySqlCommand("SELECT COALESCE(MAX(id), 0) + 1 FROM foobar.posts", primary);
            id = Convert.ToInt64(await next.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        }

        await Site.RunOkAsync("kill", "mon-02/etcd");
        await Site.RunOkAsync("kill", "mon-03/etcd");
        await WaitForClusterAsync(c => c.Leader is null && c.LeadershipProblem is not null);
        await Site.RunOkAsync("kill", before.Primary);
        foreach (var replica in before.Replicas)
        {
            await using var connection = await Site.OpenDatabaseAsync(MonitorElectionSite.HostOf(replica), MonitorElectionSite.DatabasePort);
            await using var insert = new MySqlCommand(string.Create(CultureInfo.InvariantCulture,
                $"STOP SLAVE; SET SESSION gtid_domain_id = 0, SESSION server_id = {serverId}; SET SESSION gtid_seq_no = {sequence}; "
                + $"INSERT INTO foobar.posts (id, author, body) VALUES ({id}, 'recovery', 'cut from the primary, held by its replicas'); "
                + $"SET GLOBAL gtid_slave_pos = '0-{serverId}-{sequence}'; START SLAVE"), connection);
            await insert.ExecuteNonQueryAsync();
        }

        await Site.RunOkAsync("start", before.Primary);
        await using (var primary = await Site.OpenDatabaseAsync(MonitorElectionSite.HostOf(before.Primary), MonitorElectionSite.DatabasePort))
        {
            Assert.Equal("ON", await TestSite.VariableAsync(primary, "read_only"));
        }

        await Site.RunOkAsync("start", "mon-02/etcd");
        await Site.RunOkAsync("start", "mon-03/etcd");

        // Made writable again, it would give its next write the GTID the replicas hold for another transaction, and they
        // would skip it or stop. It fails its checks instead, and a replica holding the row is promoted.
        var after = await WaitForClusterAsync(c => c.Leader is not null && c.Primary.Length > 0 && c.Primary != before.Primary && c.Replicas.Count == 2);
        Assert.Contains(before.Primary, after.Replicas);
        var acknowledged = new ConcurrentBag<long>([id]);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await new AcknowledgedWrites(Site, [after.Primary], MonitorElectionSite.HostOf, MonitorElectionSite.DatabasePort, s_deadline, output)
            .WriteUntilStoppedAsync(acknowledged, stop.Token);
        output.WriteLine($"{before.Primary} back read-only without 0-{serverId}-{sequence}: {after.Primary} promoted, {acknowledged.Count} rows acknowledged since");
        await Writes.AssertEveryRowOnAsync(acknowledged, MonitorElectionSite.DatabaseNodes);
        var log = await File.ReadAllTextAsync(Path.Combine(Site.StateDirectory, "logs", after.Leader!.Replace('/', '-') + ".log"));
        Assert.Contains("it is read-only and lacks what", log, StringComparison.Ordinal);
    }

    /// <summary>Each monitor's own answer on its admin listener (<c>GET /cluster</c>), for the monitors that answer.</summary>
    private async Task<Dictionary<string, Cluster>> ViewsAsync(IEnumerable<string> monitors)
    {
        var views = new Dictionary<string, Cluster>(StringComparer.Ordinal);
        foreach (var monitor in monitors)
        {
            try
            {
                using var response = await Site.SendAdminAsync(HttpMethod.Get, new Uri($"http://{MonitorElectionSite.HostOf(monitor)}:{MonitorElectionSite.MonitorAdminPort}/cluster"));
                if (response.IsSuccessStatusCode)
                {
                    views[monitor] = Cluster.Parse(await response.Content.ReadAsStringAsync());
                }
            }
            catch (HttpRequestException)
            {
                // A killed monitor does not answer.
            }
        }

        return views;
    }

    private async Task<Cluster> WaitForClusterAsync(Func<Cluster, bool> condition)
    {
        CliResult? last = null;
        var deadline = DateTime.UtcNow + s_deadline;
        while (true)
        {
            last = await Site.RunAsync("db", "status", "--json");
            if (last.ExitCode == 0 && Cluster.Parse(last.Output) is var cluster && condition(cluster))
            {
                return cluster;
            }

            if (DateTime.UtcNow > deadline)
            {
                var logs = MonitorElectionSite.Monitors.Select(m => Path.Combine(Site.StateDirectory, "logs", m.Replace('/', '-') + ".log")).Where(File.Exists);
                Assert.Fail($"the cluster did not reach the expected state within {s_deadline.TotalSeconds} s; last db status:\n{last}\n"
                    + string.Join('\n', logs.Select(l => $"{l}:\n{string.Join('\n', File.ReadLines(l).TakeLast(15))}")));
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
    }

    private sealed record Cluster(string Primary, IReadOnlyList<string> Replicas, string? Leader, string? LeadershipProblem, int Failovers, double? LastFailoverSeconds, string? FailoverHeld)
    {
        public static Cluster Parse(string json)
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            return new Cluster(
                root.GetProperty("primary").GetString() ?? string.Empty,
                [.. root.GetProperty("nodes").EnumerateArray().Where(n => n.GetProperty("role").GetString() == "replica").Select(n => n.GetProperty("name").GetString()!)],
                root.TryGetProperty("leader", out var leader) ? leader.GetString() : null,
                root.TryGetProperty("leadership_problem", out var problem) ? problem.GetString() : null,
                root.GetProperty("failovers").GetInt32(),
                root.GetProperty("last_failover_seconds").ValueKind == JsonValueKind.Number ? root.GetProperty("last_failover_seconds").GetDouble() : null,
                root.TryGetProperty("failover_held", out var held) ? held.GetString() : null);
        }
    }
}
