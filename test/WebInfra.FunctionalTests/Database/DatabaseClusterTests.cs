using System.Globalization;
using MySqlConnector;
using WebInfra.Database.Console;
using WebInfra.Database.Provisioning;

namespace WebInfra.FunctionalTests.Database;

/// <summary>A real primary and replica on loopback, provisioned, started and wired by WebInfra.Database.</summary>
public sealed class DatabaseClusterTests : IClassFixture<DatabaseClusterFixture>
{
    private static readonly TimeSpan s_replicationDeadline = TimeSpan.FromSeconds(10);

    private readonly DatabaseClusterFixture _cluster;

    public DatabaseClusterTests(DatabaseClusterFixture cluster)
    {
        _cluster = cluster;
    }

    [Fact]
    public async Task Row_inserted_on_the_primary_appears_on_the_replica()
    {
        await InsertOnPrimaryAndWaitForReplicaAsync();

        Assert.Equal(
            await _cluster.Bootstrapper.GetGtidPositionAsync(_cluster.Primary, CancellationToken.None),
            await _cluster.Bootstrapper.GetGtidPositionAsync(_cluster.Replica, CancellationToken.None));
    }

    [Fact]
    public async Task Schema_reaches_the_replica_through_replication()
    {
        await using var replica = await _cluster.OpenAsAdminAsync(_cluster.Replica);

        var tables = await ScalarAsync(replica, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'messages'");

        Assert.Equal(1L, Convert.ToInt64(tables, CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Account_management_creates_no_GTIDs_on_any_node()
    {
        // Every GTID in the cluster must come from the primary's own writes (server id 1): the init files
        // ran with sql_log_bin=0, so neither node logged its CREATE USER and GRANT statements.
        foreach (var node in new[] { _cluster.Primary, _cluster.Replica })
        {
            await using var connection = await _cluster.OpenAsAdminAsync(node);
            var position = (string)(await ScalarAsync(connection, "SELECT @@GLOBAL.gtid_binlog_pos"))!;

            Assert.Matches("^0-1-[0-9]+$", position);
        }
    }

    [Fact]
    public async Task Replica_refuses_writes_from_the_app_user()
    {
        await using var replica = await _cluster.OpenAsAppAsync(_cluster.Replica);

        var exception = await Assert.ThrowsAsync<MySqlException>(() => ExecuteAsync(replica, "INSERT INTO messages (body) VALUES ('written on the replica')"));

        Assert.Equal(MySqlErrorCode.OptionPreventsStatement, exception.ErrorCode);
        Assert.Contains("read-only", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task App_user_reads_and_changes_rows_on_the_primary()
    {
        await using var primary = await _cluster.OpenAsAppAsync(_cluster.Primary);
        var body = $"edit me {Guid.NewGuid():N}";

        await ExecuteAsync(primary, "INSERT INTO messages (body) VALUES (@body)", ("@body", body));
        Assert.Equal(1, await ExecuteAsync(primary, "UPDATE messages SET body = CONCAT(body, '!') WHERE body = @body", ("@body", body)));
        Assert.Equal(1, await ExecuteAsync(primary, "DELETE FROM messages WHERE body = @body", ("@body", body + "!")));
    }

    [Theory]
    [InlineData("CREATE TABLE intruder (id INT PRIMARY KEY)")]
    [InlineData("ALTER TABLE messages ADD COLUMN intruder INT")]
    [InlineData("DROP TABLE messages")]
    public async Task App_user_cannot_change_the_schema(string ddl)
    {
        await using var primary = await _cluster.OpenAsAppAsync(_cluster.Primary);

        var exception = await Assert.ThrowsAsync<MySqlException>(() => ExecuteAsync(primary, ddl));

        Assert.Equal(MySqlErrorCode.TableAccessDenied, exception.ErrorCode);
    }

    [Fact]
    public async Task Sql_statement_runner_returns_columns_and_rows()
    {
        var runner = new SqlStatementRunner(_cluster.Secrets);

        var result = await runner.ExecuteAsync(_cluster.Primary, "SELECT 1 AS one, NULL AS nothing, 'text' AS word, CAST('2025-03-01 13:04:05' AS DATETIME) AS moment, CAST('2025-03-01' AS DATE) AS day, @@read_only AS ro", CancellationToken.None);

        Assert.Equal(["one", "nothing", "word", "moment", "day", "ro"], result.Columns);
        var row = Assert.Single(result.Rows);
        Assert.Equal(["1", null, "text", "2025-03-01 13:04:05", "2025-03-01", "0"], row);
    }

    [Fact]
    public async Task Sql_statement_runner_reports_rows_affected_in_a_database()
    {
        var runner = new SqlStatementRunner(_cluster.Secrets);

        var result = await runner.ExecuteAsync(_cluster.Primary, DatabaseClusterFixture.DatabaseName, "INSERT INTO messages (body) VALUES ('a'), ('b')", CancellationToken.None);

        Assert.Empty(result.Columns);
        Assert.Equal(2, result.RecordsAffected);
    }

    [Fact]
    public async Task Sql_statement_runner_lets_sql_errors_through()
    {
        var runner = new SqlStatementRunner(_cluster.Secrets);

        var exception = await Assert.ThrowsAsync<MySqlException>(() => runner.ExecuteAsync(_cluster.Replica, "SELECT * FROM no_such_table", CancellationToken.None));

        Assert.Equal(MySqlErrorCode.NoDatabaseSelected, exception.ErrorCode);
    }

    [Fact]
    public async Task Health_and_position_checks_run_no_SELECT_on_the_node()
    {
        var before = await StatusCounterAsync(_cluster.Replica, "Com_select");

        for (var i = 0; i < 5; i++)
        {
            Assert.True(await _cluster.Bootstrapper.PingAsync(_cluster.Replica, CancellationToken.None));
            Assert.NotEmpty(await _cluster.Bootstrapper.GetGtidPositionAsync(_cluster.Replica, CancellationToken.None));
            Assert.NotNull(await _cluster.Bootstrapper.GetReplicationStatusAsync(_cluster.Replica, CancellationToken.None));
        }

        Assert.Equal(before, await StatusCounterAsync(_cluster.Replica, "Com_select"));
    }

    [Fact]
    public async Task Starting_replication_again_leaves_running_replication_alone()
    {
        var stops = await StatusCounterAsync(_cluster.Replica, "Com_stop_slave");
        var changes = await StatusCounterAsync(_cluster.Replica, "Com_change_master");

        await _cluster.Bootstrapper.StartReplicationAsync(_cluster.Replica, _cluster.Primary, CancellationToken.None);
        await _cluster.Bootstrapper.EnsureSchemaAsync(_cluster.Primary, DatabaseClusterFixture.DatabaseName, DatabaseClusterFixture.Schema, CancellationToken.None);

        Assert.Equal(stops, await StatusCounterAsync(_cluster.Replica, "Com_stop_slave"));
        Assert.Equal(changes, await StatusCounterAsync(_cluster.Replica, "Com_change_master"));
    }

    [Fact]
    public async Task Replica_reports_both_threads_running_from_the_primary()
    {
        var status = await _cluster.Bootstrapper.GetReplicationStatusAsync(_cluster.Replica, CancellationToken.None);

        Assert.NotNull(status);
        Assert.True(status.IoRunning);
        Assert.True(status.SqlRunning);
        Assert.NotNull(status.SecondsBehindMaster);
        Assert.Matches("^0-1-[0-9]+$", status.GtidIoPos);
        Assert.Null(status.LastError);
        Assert.Equal((_cluster.Primary.Host, _cluster.Primary.Port), (status.MasterHost, status.MasterPort));
    }

    [Fact]
    public async Task Primary_has_no_replication_status()
    {
        Assert.Null(await _cluster.Bootstrapper.GetReplicationStatusAsync(_cluster.Primary, CancellationToken.None));
    }

    [Fact]
    public async Task Killed_replica_restarts_with_its_accounts_and_resumes_replication()
    {
        await _cluster.RestartReplicaAsync();
        await _cluster.Bootstrapper.StartReplicationAsync(_cluster.Replica, _cluster.Primary, CancellationToken.None);

        await InsertOnPrimaryAndWaitForReplicaAsync();
    }

    /// <summary>Inserts a unique row as the app user on the primary and waits until the app user reads it on the replica.</summary>
    private async Task InsertOnPrimaryAndWaitForReplicaAsync()
    {
        var body = $"replicated {Guid.NewGuid():N}";
        await using (var primary = await _cluster.OpenAsAppAsync(_cluster.Primary))
        {
            await ExecuteAsync(primary, "INSERT INTO messages (body) VALUES (@body)", ("@body", body));
        }

        await using var replica = await _cluster.OpenAsAppAsync(_cluster.Replica);
        var deadline = DateTime.UtcNow + s_replicationDeadline;
        while (await CountAsync(replica, body) != 1)
        {
            Assert.True(DateTime.UtcNow < deadline, $"row '{body}' did not reach {_cluster.Replica.Name} within {s_replicationDeadline.TotalSeconds} s");
            await Task.Delay(50);
        }
    }

    private static async Task<int> ExecuteAsync(MySqlConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = new MySqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(MySqlConnection connection, string sql)
    {
        await using var command = new MySqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    private static async Task<long> CountAsync(MySqlConnection connection, string body)
    {
        await using var command = new MySqlCommand("SELECT COUNT(*) FROM messages WHERE body = @body", connection);
        command.Parameters.AddWithValue("@body", body);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    // SHOW STATUS is counted as Com_show_status, so reading a counter does not move Com_select itself.
    private async Task<long> StatusCounterAsync(DatabaseNode node, string name)
    {
        await using var connection = await _cluster.OpenAsAdminAsync(node);
        await using var command = new MySqlCommand("SHOW GLOBAL STATUS LIKE @name", connection);
        command.Parameters.AddWithValue("@name", name);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"status variable {name} not found");
        return long.Parse(reader.GetString(1), CultureInfo.InvariantCulture);
    }
}
