using MySqlConnector;
using WebInfra.Database.Provisioning;
using WebInfra.FunctionalTests.Infrastructure;

namespace WebInfra.FunctionalTests.App;

/// <summary>
/// The database endpoints of an application server running the user's application (the Python example's), reached
/// as that application reaches them, with a MySQL client: the writer lands on the primary, the reader on the replica,
/// and a switchover, which leaves the old primary running and read-only, closes every writer connection still open to
/// it while new ones reach the new primary. A site of its own on 127.0.46.x.
/// </summary>
public sealed class DatabaseEndpointsTests(DatabaseEndpointsTests.Fixture fixture) : IClassFixture<DatabaseEndpointsTests.Fixture>
{
    private TestSite Site => fixture.Site;

    [Fact]
    public async Task The_writer_reaches_the_primary_the_reader_a_replica_and_a_switchover_closes_writer_connections_to_the_old_primary()
    {
        var primaryId = await ServerIdAsync("server-1/db");
        var replicaId = await ServerIdAsync("server-2/db");
        await using var writer = await OpenAsync(6446);
        await using var reader = await OpenAsync(6447);
        Assert.Equal(primaryId, await QueryServerIdAsync(writer));
        Assert.Equal(replicaId, await QueryServerIdAsync(reader));

        await Site.RunOkAsync("db", "switchover", "--to", "server-2/db");

        // The old primary still runs (read-only now); the writer endpoint closed the connection to it within an observation.
        await TestSite.EventuallyAsync(async () =>
        {
            try
            {
                await QueryServerIdAsync(writer);
                return false;
            }
            catch (MySqlException)
            {
                return true;
            }
        }, TimeSpan.FromSeconds(5), "the writer connection to the old primary is closed");

        await using var next = await OpenAsync(6446);
        Assert.Equal(replicaId, await QueryServerIdAsync(next));
        await using var insert = new MySqlCommand("INSERT INTO notes (text) VALUES ('after the switchover')", next);
        Assert.Equal(1, await insert.ExecuteNonQueryAsync());
    }

    private async Task<MySqlConnection> OpenAsync(int port)
    {
        var secrets = DatabaseSecrets.LoadOrCreate(Path.Combine(Site.StateDirectory, "secrets", "database.json"));
        var connection = new MySqlConnection(new MySqlConnectionStringBuilder
        {
            Server = "127.0.46.1",
            Port = (uint)port,
            UserID = secrets.AppUser,
            Password = secrets.AppPassword,
            Database = "notes",
            Pooling = false,
            ConnectionTimeout = 10,
        }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private async Task<long> ServerIdAsync(string node)
    {
        await using var connection = Site.Database(node, "admin");
        await connection.OpenAsync();
        return await QueryServerIdAsync(connection);
    }

    private static async Task<long> QueryServerIdAsync(MySqlConnection connection)
    {
        await using var command = new MySqlCommand("SELECT @@server_id", connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The Python example's application on two servers, with a monitor to switch over.</summary>
    public sealed class Fixture() : SiteFixture($$"""
        site: { name: notes.example, files: {{Repository.Root}}/examples/notes-common/static }
        servers:
          lb-01:
            address: 127.0.46.10
            components:
              balancer: { port: 8080, backend: web }
              monitor: { port: 8090 }
          server-1:
            address: 127.0.46.1
            components:
              web: { port: 8081, backend: app }
              app: { port: 8082, command: exec /usr/bin/python3 app.py, directory: {{Repository.Root}}/examples/python-notes }
              db: { port: 3306, role: primary }
          server-2:
            address: 127.0.46.2
            components:
              web: { port: 8081, backend: app }
              app: { port: 8082, command: exec /usr/bin/python3 app.py, directory: {{Repository.Root}}/examples/python-notes }
              db: { port: 3306, role: replica }
        backends:
          web: { members: [server-1/web, server-2/web] }
          app: { members: [server-1/app, server-2/app] }
        database:
          name: notes
          schema: {{Repository.Root}}/examples/notes-common/schema.sql
        """);
}
