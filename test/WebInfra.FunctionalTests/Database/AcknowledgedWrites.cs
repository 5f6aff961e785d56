using System.Collections.Concurrent;
using System.Diagnostics;
using MySqlConnector;
using WebInfra.Database.Connections;
using WebInfra.Database.Provisioning;
using WebInfra.FunctionalTests.Infrastructure;
using Xunit.Abstractions;

namespace WebInfra.FunctionalTests.Database;

/// <summary>
/// Writes as the application user into whichever of a site's database nodes takes them, recording every write a
/// primary acknowledged, and checks afterwards that each acknowledged row is on the nodes that must hold it.
/// </summary>
internal sealed class AcknowledgedWrites(TestSite site, IReadOnlyList<string> nodes, Func<string, string> hostOf, int port, TimeSpan deadline, ITestOutputHelper output)
{
    /// <summary>
    /// Inserts one row at a time as the application user into whichever node is writable, recording each id the
    /// primary acknowledged. Returns when it started failing (seconds after start) and how long writes failed in all.
    /// </summary>
    public async Task<(double FirstFailureAt, TimeSpan Unavailable)> WriteUntilStoppedAsync(ConcurrentBag<long> acknowledged, CancellationToken stop)
    {
        var started = Stopwatch.GetTimestamp();
        long? failingSince = null;
        double firstFailureAt = 0;
        var unavailable = TimeSpan.Zero;
        var target = nodes[0];
        var index = 0;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using var connection = await OpenAsAppAsync(target);
                while (!stop.IsCancellationRequested)
                {
                    await using var command = new MySqlCommand("INSERT INTO posts (author, body) VALUES ('writer', 'acknowledged')", connection);
                    await command.ExecuteNonQueryAsync(CancellationToken.None);
                    acknowledged.Add(command.LastInsertedId);
                    if (failingSince is { } since)
                    {
                        unavailable += Stopwatch.GetElapsedTime(since);
                        failingSince = null;
                    }
                }
            }
            catch (Exception exception) when (exception is MySqlException or IOException or InvalidOperationException)
            {
                if (failingSince is null)
                {
                    failingSince = Stopwatch.GetTimestamp();
                    if (firstFailureAt == 0)
                    {
                        firstFailureAt = Stopwatch.GetElapsedTime(started).TotalSeconds;
                    }
                }

                target = nodes[++index % nodes.Count];
                await Task.Delay(TimeSpan.FromMilliseconds(20), CancellationToken.None);
            }
        }

        return (firstFailureAt, unavailable);
    }

    public async Task AssertEveryRowOnAsync(ConcurrentBag<long> acknowledged, IReadOnlyList<string> holders)
    {
        var expected = acknowledged.ToHashSet();
        foreach (var node in holders)
        {
            await TestSite.EventuallyAsync(async () =>
            {
                await using var connection = await site.OpenDatabaseAsync(hostOf(node), port);
                await using var command = new MySqlCommand("SELECT id FROM foobar.posts", connection);
                await using var reader = await command.ExecuteReaderAsync();
                var present = new HashSet<long>();
                while (await reader.ReadAsync())
                {
                    present.Add(reader.GetInt64(0));
                }

                var missing = expected.Except(present).ToList();
                if (missing.Count > 0)
                {
                    output.WriteLine($"{node} lacks {missing.Count} acknowledged rows so far, e.g. {missing[0]}");
                }

                return missing.Count == 0;
            }, deadline, $"every acknowledged row is on {node}");
        }
    }

    public async Task<MySqlConnection> OpenAsAppAsync(string node)
    {
        var secrets = DatabaseSecrets.LoadOrCreate(Path.Combine(site.StateDirectory, "secrets", "database.json"));
        var databaseNode = new DatabaseNode(node, hostOf(node), port, Path.Combine(site.StateDirectory, "unused"), 1, DatabaseRole.Primary);
        var connection = new MySqlConnection(DatabaseConnectionStrings.For(databaseNode, secrets.AppUser, secrets.AppPassword, "foobar", pooling: false));
        await connection.OpenAsync();
        return connection;
    }
}
