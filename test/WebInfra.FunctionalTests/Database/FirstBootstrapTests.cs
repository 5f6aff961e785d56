using System.Text.Json;
using WebInfra.FunctionalTests.Infrastructure;

namespace WebInfra.FunctionalTests.Database;

/// <summary>
/// An <c>up</c> cut short once its database nodes started, before it made them a cluster (its connection to a host
/// lost, its terminal closed), is finished by the next <c>up</c>: until this was fixed, that <c>up</c> found both
/// nodes running, left them to the monitor, and the site had no writable primary and no replication. On 127.0.64.x.
/// </summary>
public sealed class FirstBootstrapTests
{
    private const string Topology = """
        site:
          name: www.foobar.com
          files: {site}
        servers:
          server-1:
            address: 127.0.64.1
            components:
              web: { port: 16081, backend: app }
              app: { port: 16082 }
              db: { port: 16306, role: primary }
          server-2:
            address: 127.0.64.2
            components:
              db: { port: 16306, role: replica }
              monitor: { port: 16090 }
        backends:
          app:
            members: [server-1/app]
        database:
          name: foobar
        """;

    [Fact]
    public async Task An_up_cut_short_after_the_database_nodes_started_is_finished_by_the_next_up()
    {
        var (cutShort, site) = await TestSite.StartCutShortAsync(Topology, "started server-2/db");
        await using (site)
        {
            Assert.DoesNotContain("server-2/monitor", cutShort, StringComparison.Ordinal);
            using (var status = JsonDocument.Parse((await site.RunOkAsync("db", "status", "--json")).Output))
            {
                Assert.Equal("server-1/db", status.RootElement.GetProperty("primary").GetString());
                var replica = status.RootElement.GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("name").GetString() == "server-2/db");
                Assert.Equal(("replica", true, true), (replica.GetProperty("role").GetString(), replica.GetProperty("io_running").GetBoolean(), replica.GetProperty("sql_running").GetBoolean()));
            }

            await using var primary = await site.OpenDatabaseAsync("127.0.64.1", 16306);
            Assert.Equal("OFF", await TestSite.VariableAsync(primary, "read_only"));
            Assert.Equal(System.Net.HttpStatusCode.OK, (await site.GetAsync("/api/posts")).StatusCode);
        }
    }
}
