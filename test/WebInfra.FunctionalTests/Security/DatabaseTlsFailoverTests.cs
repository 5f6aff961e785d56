using System.Globalization;
using System.Text.Json;
using MySqlConnector;
using WebInfra.FunctionalTests.Infrastructure;

namespace WebInfra.FunctionalTests.Security;

/// <summary>
/// <c>database.tls</c> through a failover: the monitor promotes the replica over TLS, and the old primary rejoins as a
/// replica of the new one replicating over TLS that verifies the new primary's certificate.
/// </summary>
public sealed class DatabaseTlsFailoverTests(DatabaseTlsFailoverSiteFixture fixture) : IClassFixture<DatabaseTlsFailoverSiteFixture>
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Old_primary_rejoins_the_promoted_replica_over_verified_tls()
    {
        await WaitForPrimaryAsync("server-1/db", "server-2/db");
        var kill = await fixture.Site.RunAsync("kill", "server-1/db");
        Assert.True(kill.ExitCode == 0, kill.ToString());
        await WaitForPrimaryAsync("server-2/db");
        var start = await fixture.Site.RunAsync("start", "server-1/db");
        Assert.True(start.ExitCode == 0, start.ToString());
        await WaitForPrimaryAsync("server-2/db", "server-1/db");

        await using var primary = fixture.Site.Database("server-2/db", "admin");
        await using var rejoined = fixture.Site.Database("server-1/db", "admin");
        await primary.OpenAsync();
        await rejoined.OpenAsync();
        var note = Guid.NewGuid().ToString("N");
        await using (var create = new MySqlCommand("CREATE TABLE IF NOT EXISTS foobar.tls_failover (note CHAR(32) PRIMARY KEY)", primary))
        {
            await create.ExecuteNonQueryAsync();
        }

        await using (var insert = new MySqlCommand($"INSERT INTO foobar.tls_failover (note) VALUES ('{note}')", primary))
        {
            await insert.ExecuteNonQueryAsync();
        }

        await TestSite.EventuallyAsync(async () =>
        {
            await using var command = new MySqlCommand($"SELECT COUNT(*) FROM foobar.tls_failover WHERE note = '{note}'", rejoined);
            return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture) == 1;
        }, s_deadline, "the rejoined node has the new primary's write");
        var status = await TestSite.SlaveStatusAsync(rejoined);
        Assert.Equal(("127.0.18.62", "Yes", "Yes", "Yes"), (status["Master_Host"], status["Master_SSL_Allowed"], status["Master_SSL_Verify_Server_Cert"], status["Slave_IO_Running"]));
    }

    /// <summary>Waits until <c>db status</c> names <paramref name="primary"/> the primary and <paramref name="replica"/> (when given) a replica.</summary>
    private async Task WaitForPrimaryAsync(string primary, string? replica = null)
    {
        await TestSite.EventuallyAsync(async () =>
        {
            var last = await fixture.Site.RunAsync("db", "status", "--json");
            if (last.ExitCode != 0)
            {
                return false;
            }

            using var document = JsonDocument.Parse(last.Output);
            var root = document.RootElement;
            return root.GetProperty("primary").GetString() == primary
                && (replica is null || root.GetProperty("nodes").EnumerateArray().Any(n => n.GetProperty("name").GetString() == replica && n.GetProperty("role").GetString() == "replica"));
        }, s_deadline, $"{primary} is the primary{(replica is null ? string.Empty : $" and {replica} a replica")}");
    }
}
