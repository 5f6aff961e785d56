using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using MySqlConnector;
using WebInfra.FunctionalTests.Infrastructure;
using Xunit.Abstractions;

namespace WebInfra.FunctionalTests.App;

/// <summary>
/// What <see cref="ReadsDuringFailoverTests{TFixture}"/> does to its site (the monitored design: server-1/db
/// primary, server-2/db its replica, <c>max_lag</c> 3 s): cut server-2/db's I/O thread off from a primary that stays up, count the reads a node answers from its own
/// <c>Com_select</c> (the application's observations are SHOWs, which count as none), read both application servers'
/// logs, and kill the primary under a stream of reads through the balancer.
/// </summary>
internal sealed class ReadsDuringFailoverSite(TestSite site)
{
    public const string Replica = "server-2/db";

    public const string Primary = "server-1/db";

    /// <summary>How the application servers' logs name <see cref="Replica"/>: by its address.</summary>
    public const string ReplicaInLogs = "127.0.60.2:13306";

    private const string Monitor = "lb-01/monitor";

    private static readonly TimeSpan s_notice = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Once the replica takes reads, stops the monitor (which would start the thread again within its interval) and the
    /// replica's I/O thread (its SQL thread runs on, its lag becomes unknown while the primary stays up), runs
    /// <paramref name="check"/>, starts the thread and the monitor again and waits until the replica takes reads.
    /// </summary>
    public async Task WithTheIoThreadStoppedAsync(Func<Task> check)
    {
        await UntilTheReplicaTakesReadsAsync();
        await site.RunOkAsync("kill", Monitor);
        await IoThreadAsync("STOP SLAVE IO_THREAD");
        try
        {
            await check();
        }
        finally
        {
            await IoThreadAsync("START SLAVE IO_THREAD");
            await site.RunOkAsync("start", Monitor);
        }

        await UntilTheReplicaTakesReadsAsync();
    }

    /// <summary>How many of <paramref name="reads"/> reads through the site (each answered 200) reached <paramref name="node"/>.</summary>
    public async Task<long> ReadsReachingAsync(string node, int reads)
    {
        var before = await SelectsAsync(node);
        for (var i = 0; i < reads; i++)
        {
            using var response = await site.GetAsync("/api/posts?limit=1");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        return await SelectsAsync(node) - before;
    }


    /// <summary>Until both application servers' logs have a line holding every one of <paramref name="parts"/>.</summary>
    public Task UntilBothAppsLogAsync(params string[] parts) =>
        TestSite.EventuallyAsync(async () => (await AppLogLinesAsync(parts)).Count == 2, s_notice, $"both application servers log '{string.Join(" … ", parts)}'");

    /// <summary>The application servers (of server-1 and server-2) whose logs have a line holding every one of <paramref name="parts"/>.</summary>
    public async Task<IReadOnlyList<string>> AppLogLinesAsync(params string[] parts)
    {
        var found = new List<string>();
        foreach (var server in new[] { "server-1", "server-2" })
        {
            var path = Path.Combine(site.StateDirectory, "logs", $"{server}-app.log");
            var lines = File.Exists(path) ? await File.ReadAllLinesAsync(path) : [];
            if (lines.FirstOrDefault(l => parts.All(p => l.Contains(p, StringComparison.Ordinal))) is { } line)
            {
                found.Add(line);
            }
        }

        return found;
    }

    /// <summary>
    /// Kills the primary under four connections of GETs through the balancer, waits until a post is taken again (the
    /// monitor promoted the replica and an application server saw it), lets the reads go on 2 s more, writes the figures
    /// to <paramref name="output"/> under <paramref name="setting"/>, and returns what the reads got.
    /// </summary>
    public async Task<GetLoadResults> KillThePrimaryUnderReadsAsync(ITestOutputHelper output, string setting)
    {
        await using var load = GetLoad.Start(site.Http, site.Url, ["/", "/api/posts?limit=5"], connections: 4);
        await load.UntilServedAsync(200);
        var sentBeforeKill = load.Count;
        await site.RunOkAsync("kill", Primary);
        var killed = Stopwatch.StartNew();
        await TestSite.EventuallyAsync(async () =>
        {
            using var write = await site.Http.PostAsJsonAsync(new Uri(site.Url, "/api/posts"), new { author = "reads", body = "after the failover" });
            return write.StatusCode == HttpStatusCode.Created;
        }, TimeSpan.FromSeconds(20), "a post is taken by the new primary");
        var writesBack = killed.Elapsed;
        await Task.Delay(TimeSpan.FromSeconds(2));
        var results = await load.StopAsync();
        output.WriteLine($"{setting}: {results.ServedBy.Count + results.Failures.Count} reads ({sentBeforeKill} before the kill), {results.Failures.Count} failed; writes back {writesBack.TotalSeconds:0.00} s after the kill");
        foreach (var failure in results.Failures.Take(3))
        {
            output.WriteLine(failure);
        }

        return results;
    }

    private Task UntilTheReplicaTakesReadsAsync() =>
        TestSite.EventuallyAsync(async () => await ReadsReachingAsync(Replica, reads: 4) == 4, s_notice, $"{Replica} takes reads");

    private async Task IoThreadAsync(string statement)
    {
        await using var connection = site.Database(Replica, "admin");
        await connection.OpenAsync();
        await using var command = new MySqlCommand(statement, connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<long> SelectsAsync(string node)
    {
        await using var connection = site.Database(node, "admin");
        await connection.OpenAsync();
        return await TestSite.StatusCounterAsync(connection, "Com_select");
    }
}
