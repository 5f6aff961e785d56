using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using MySqlConnector;
using WebInfra.Database.Connections;
using WebInfra.Database.Logging;
using WebInfra.Database.Provisioning;

namespace WebInfra.Database.Replication;

/// <summary>
/// Brings running nodes together into a primary-replica cluster: waits for them to accept
/// connections, creates the site schema on the primary and points replicas at it with GTID
/// replication. Every step is idempotent so the CLI can repeat it on each <c>up</c>.
/// All work is done as the administrator over TCP, one unpooled connection per call.
/// </summary>
public sealed partial class ClusterBootstrapper
{
    /// <summary>How long <see cref="StartReplicationAsync"/> waits for both replication threads to run.</summary>
    public static TimeSpan ReplicationStartTimeout { get; } = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan s_pollInterval = TimeSpan.FromMilliseconds(100);

    private readonly DatabaseSecrets _secrets;
    private readonly ILogger _logger;

    /// <summary>Creates a bootstrapper that acts as the administrator of <paramref name="secrets"/>.</summary>
    /// <param name="secrets">The installation's accounts.</param>
    /// <param name="loggerFactory">Creates the bootstrapper's logger.</param>
    public ClusterBootstrapper(DatabaseSecrets secrets, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _secrets = secrets;
        _logger = loggerFactory.CreateLogger<ClusterBootstrapper>();
    }

    /// <summary>Waits until <paramref name="node"/> accepts the administrator and answers a ping.</summary>
    /// <param name="node">The node that was just started.</param>
    /// <param name="timeout">How long to keep trying.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when the node is ready.</returns>
    /// <exception cref="DatabaseNodeException">The node was not ready in time; the message has the last connection error.</exception>
    public async Task WaitUntilReadyAsync(DatabaseNode node, TimeSpan timeout, CancellationToken cancellationToken)
    {
        DatabaseNodeValidator.ThrowIfInvalid(node, nameof(node));
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            Exception? lastError;
            try
            {
                if (await PingCoreAsync(node, cancellationToken))
                {
                    Log.NodeReady(_logger, node.Name, Address(node), Stopwatch.GetElapsedTime(started));
                    return;
                }

                lastError = null;
            }
            catch (Exception ex) when (IsConnectionFailure(ex))
            {
                lastError = ex;
            }

            if (Stopwatch.GetElapsedTime(started) >= timeout)
            {
                throw new DatabaseNodeException(node,
                    $"Database node {node.Name} at {Address(node)} was not ready after {timeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s: "
                    + (lastError?.Message ?? "it accepted the connection but did not answer the ping"),
                    lastError);
            }

            await Task.Delay(s_pollInterval, cancellationToken);
        }
    }

    /// <summary>
    /// Connects to <paramref name="node"/> as the administrator and sends COM_PING. It runs no
    /// statement, so it leaves no trace in the node's statement counters (such as <c>Com_select</c>).
    /// </summary>
    /// <param name="node">The node to check.</param>
    /// <param name="cancellationToken">Stops the check.</param>
    /// <returns>True when the node answered; false when it could not be reached or refused the login.</returns>
    public async Task<bool> PingAsync(DatabaseNode node, CancellationToken cancellationToken)
    {
        DatabaseNodeValidator.ThrowIfInvalid(node, nameof(node));
        try
        {
            return await PingCoreAsync(node, cancellationToken);
        }
        catch (Exception ex) when (IsConnectionFailure(ex))
        {
            return false;
        }
    }

    /// <summary>
    /// Creates <paramref name="databaseName"/> (utf8mb4) on the primary if needed and runs the schema
    /// statements in it. They are written to the binary log, so replicas get the schema by replication;
    /// use idempotent statements (<c>CREATE TABLE IF NOT EXISTS</c>) since this runs on every start.
    /// </summary>
    /// <param name="primary">The primary.</param>
    /// <param name="databaseName">The site database.</param>
    /// <param name="schemaStatements">DDL statements, run in order.</param>
    /// <param name="cancellationToken">Stops between or during statements.</param>
    /// <returns>A task that completes when the schema is in place.</returns>
    /// <exception cref="DatabaseNodeException">A statement failed; the message names it.</exception>
    public async Task EnsureSchemaAsync(DatabaseNode primary, string databaseName, IReadOnlyList<string> schemaStatements, CancellationToken cancellationToken)
    {
        DatabaseNodeValidator.ThrowIfInvalid(primary, nameof(primary));
        SqlText.ThrowIfNotSimpleName(databaseName, nameof(databaseName));
        ArgumentNullException.ThrowIfNull(schemaStatements);

        await using var connection = await OpenAdminConnectionAsync(primary, cancellationToken);
        await ExecuteAsync(connection,
            $"CREATE DATABASE IF NOT EXISTS {SqlText.Identifier(databaseName)} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci",
            cancellationToken);
        await connection.ChangeDatabaseAsync(databaseName, cancellationToken);
        for (var i = 0; i < schemaStatements.Count; i++)
        {
            try
            {
                await ExecuteAsync(connection, schemaStatements[i], cancellationToken);
            }
            catch (MySqlException ex)
            {
                throw new DatabaseNodeException(primary,
                    $"Database node {primary.Name} at {Address(primary)}: schema statement {i + 1} of {schemaStatements.Count} failed: {ex.Message}\n{schemaStatements[i]}",
                    ex);
            }
        }

        Log.SchemaEnsured(_logger, primary.Name, databaseName, schemaStatements.Count);
    }

    /// <summary>
    /// Makes <paramref name="replica"/> replicate from <paramref name="primary"/> using GTIDs
    /// (<c>MASTER_USE_GTID=slave_pos</c>) and waits until both replication threads run. Does nothing
    /// when that is already the case. A fresh replica has an empty <c>gtid_slave_pos</c>, so it
    /// replays the primary's whole binary log, schema included.
    /// </summary>
    /// <param name="replica">The node to make a replica.</param>
    /// <param name="primary">The node to replicate from.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when both threads run.</returns>
    /// <exception cref="DatabaseNodeException">Replication did not start within <see cref="ReplicationStartTimeout"/> or failed; the message has the threads' last errors.</exception>
    public async Task StartReplicationAsync(DatabaseNode replica, DatabaseNode primary, CancellationToken cancellationToken)
    {
        DatabaseNodeValidator.ThrowIfInvalid(replica, nameof(replica));
        DatabaseNodeValidator.ThrowIfInvalid(primary, nameof(primary));

        await using var connection = await OpenAdminConnectionAsync(replica, cancellationToken);
        var current = await ReadSlaveStatusAsync(connection, cancellationToken);
        if (current is { IoRunning: true, SqlRunning: true } && current.MasterHost == primary.Host && current.MasterPort == primary.Port)
        {
            Log.ReplicationAlreadyRunning(_logger, replica.Name, primary.Name, Address(primary));
            return;
        }

        await ExecuteAsync(connection, "STOP SLAVE", cancellationToken);
        await ChangeMasterAndStartAsync(connection, replica, primary, cancellationToken);
    }

    /// <summary>
    /// Makes <paramref name="replica"/>, a node cloned from a running one (<see cref="MariaDbProvisioner.CloneAsync"/>),
    /// replicate from <paramref name="primary"/> from the GTID position the copy holds (its <c>gtid_slave_pos</c>), and
    /// waits until both replication threads run. Whatever replication the copy brought along is discarded first.
    /// </summary>
    /// <param name="replica">The cloned node, running.</param>
    /// <param name="primary">The current primary.</param>
    /// <param name="position">The copy's GTID position (<see cref="ReplicaClone.GtidPosition"/>).</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when both threads run.</returns>
    /// <exception cref="DatabaseNodeException">Replication did not start within <see cref="ReplicationStartTimeout"/> or failed.</exception>
    public async Task StartReplicationFromCloneAsync(DatabaseNode replica, DatabaseNode primary, string position, CancellationToken cancellationToken)
    {
        DatabaseNodeValidator.ThrowIfInvalid(replica, nameof(replica));
        DatabaseNodeValidator.ThrowIfInvalid(primary, nameof(primary));
        ArgumentNullException.ThrowIfNull(position);

        await using var connection = await OpenAdminConnectionAsync(replica, cancellationToken);
        try
        {
            // The node started with the copy's position as its gtid_slave_pos (MariaDbInitFile), so its gtid_current_pos is
            // that position, or further when a monitor that saw it up, read-only and not replicating pointed it at the
            // primary first and it has applied more since: replication goes on from there, never back to the copy's.
            await ExecuteAsync(connection, "STOP SLAVE", cancellationToken);
            await ExecuteAsync(connection, "RESET SLAVE ALL", cancellationToken);
            await ExecuteAsync(connection, "SET GLOBAL gtid_slave_pos = @@GLOBAL.gtid_current_pos", cancellationToken);
        }
        catch (MySqlException exception) when (exception.ErrorCode == MySqlErrorCode.SlaveMustStop)
        {
            // That monitor started it again between these statements, from the same position: it is left so.
            await WaitUntilReplicatingAsync(connection, replica, primary, cancellationToken);
            return;
        }

        Log.ReplicationFromClone(_logger, replica.Name, position);
        await ChangeMasterAndStartAsync(connection, replica, primary, cancellationToken);
    }

    /// <summary>Points the stopped replica behind <paramref name="connection"/> at <paramref name="primary"/>, starts it and waits until both threads run.</summary>
    private async Task ChangeMasterAndStartAsync(MySqlConnection connection, DatabaseNode replica, DatabaseNode primary, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, await ChangeMasterStatement.ForAsync(connection, replica, primary, _secrets, cancellationToken), cancellationToken);
        await ExecuteAsync(connection, "START SLAVE", cancellationToken);
        Log.ReplicationConfigured(_logger, replica.Name, primary.Name, Address(primary));
        await WaitUntilReplicatingAsync(connection, replica, primary, cancellationToken);
    }

    /// <summary>Waits (bounded) until both replication threads of the replica behind <paramref name="connection"/> run.</summary>
    private async Task WaitUntilReplicatingAsync(MySqlConnection connection, DatabaseNode replica, DatabaseNode primary, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            var status = await ReadSlaveStatusAsync(connection, cancellationToken);
            if (status is { IoRunning: true, SqlRunning: true })
            {
                Log.ReplicationRunning(_logger, replica.Name, primary.Name, status.GtidIoPos, Stopwatch.GetElapsedTime(started));
                return;
            }

            var failed = status is null || status.IoFailed || status.SqlFailed;
            if (failed || Stopwatch.GetElapsedTime(started) >= ReplicationStartTimeout)
            {
                var reason = failed ? "replication failed" : $"replication did not start within {ReplicationStartTimeout.TotalSeconds:0} s";
                throw new DatabaseNodeException(replica,
                    $"Database node {replica.Name} at {Address(replica)}: {reason} from {primary.Name} at {Address(primary)}: "
                    + (status?.Describe() ?? "SHOW SLAVE STATUS is empty after START SLAVE"));
            }

            await Task.Delay(s_pollInterval, cancellationToken);
        }
    }

    /// <summary>
    /// Makes the accounts of running <paramref name="node"/> match <paramref name="hosts"/> now, as its init file does at
    /// every start (<c>sql_log_bin = 0</c>: the change stays on the node): for a server added to the topology of a
    /// running site, whose address the running nodes must let in (replication, with the firewall on).
    /// </summary>
    /// <param name="node">A running node.</param>
    /// <param name="databaseName">The site database, the only one the application account may use.</param>
    /// <param name="hosts">Where each account may connect from now.</param>
    /// <param name="cancellationToken">Stops between or during statements.</param>
    /// <returns>A task that completes when the accounts are in place.</returns>
    public async Task GrantAccountsAsync(DatabaseNode node, string databaseName, DatabaseAccountHosts hosts, CancellationToken cancellationToken)
    {
        DatabaseNodeValidator.ThrowIfInvalid(node, nameof(node));
        await using var connection = await OpenAdminConnectionAsync(node, cancellationToken);
        foreach (var statement in MariaDbInitFile.Build(_secrets, databaseName, hosts).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            await ExecuteAsync(connection, statement, cancellationToken);
        }
    }

    /// <summary>
    /// Makes <paramref name="primary"/> writable (<c>read_only = OFF</c>). Every node starts read-only; this is for the
    /// first bootstrap of a site and for a site without a monitor, where the topology's primary is always the primary.
    /// </summary>
    /// <param name="primary">The node to open for the application's writes.</param>
    /// <param name="cancellationToken">Stops the statement.</param>
    /// <returns>A task that completes when the node takes writes.</returns>
    public async Task MakeWritableAsync(DatabaseNode primary, CancellationToken cancellationToken)
    {
        DatabaseNodeValidator.ThrowIfInvalid(primary, nameof(primary));
        await using var connection = await OpenAdminConnectionAsync(primary, cancellationToken);
        await ExecuteAsync(connection, NodeAdministration.SemiSyncMasterFollowsSlave, cancellationToken);
        await ExecuteAsync(connection, "SET GLOBAL read_only = OFF", cancellationToken);
        Log.MadeWritable(_logger, primary.Name, Address(primary));
    }

    /// <summary>Whether <paramref name="node"/> takes writes (<c>read_only</c> is off); false when it cannot be reached.</summary>
    /// <param name="node">The node to ask.</param>
    /// <param name="cancellationToken">Stops the query.</param>
    /// <returns>True for a writable node.</returns>
    public async Task<bool> IsWritableAsync(DatabaseNode node, CancellationToken cancellationToken)
    {
        DatabaseNodeValidator.ThrowIfInvalid(node, nameof(node));
        try
        {
            await using var connection = await OpenAdminConnectionAsync(node, cancellationToken);
            return string.Equals(await NodeAdministration.VariableAsync(connection, "read_only", cancellationToken), "OFF", StringComparison.OrdinalIgnoreCase);
        }
        catch (Exception ex) when (IsConnectionFailure(ex))
        {
            return false;
        }
    }

    /// <summary>Reads <paramref name="replica"/>'s replication status.</summary>
    /// <param name="replica">The node to ask.</param>
    /// <param name="cancellationToken">Stops the query.</param>
    /// <returns>The status, or null when the node has never been made a replica.</returns>
    public async Task<ReplicationStatus?> GetReplicationStatusAsync(DatabaseNode replica, CancellationToken cancellationToken)
    {
        DatabaseNodeValidator.ThrowIfInvalid(replica, nameof(replica));
        await using var connection = await OpenAdminConnectionAsync(replica, cancellationToken);
        return (await ReadSlaveStatusAsync(connection, cancellationToken))?.ToStatus();
    }

    /// <summary>
    /// Reads <paramref name="node"/>'s <c>@@gtid_current_pos</c>: the last GTID of each replication
    /// domain the node has written or applied, which is what decides the most advanced replica.
    /// It is read with SHOW VARIABLES, not SELECT, so it does not count in the node's <c>Com_select</c>.
    /// </summary>
    /// <param name="node">The node to ask.</param>
    /// <param name="cancellationToken">Stops the query.</param>
    /// <returns>The GTID position, such as <c>0-1-42</c>; empty when the node has no transactions.</returns>
    public async Task<string> GetGtidPositionAsync(DatabaseNode node, CancellationToken cancellationToken)
    {
        DatabaseNodeValidator.ThrowIfInvalid(node, nameof(node));
        await using var connection = await OpenAdminConnectionAsync(node, cancellationToken);
        await using var command = new MySqlCommand("SHOW GLOBAL VARIABLES WHERE Variable_name = 'gtid_current_pos'", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? reader.GetString(1) : string.Empty;
    }

    // MySqlConnector reports refused connections and logins as MySqlException, but a server that
    // closes the socket while starting or stopping can surface as a plain I/O error.
    private static bool IsConnectionFailure(Exception exception) =>
        exception is MySqlException or IOException or SocketException;

    private static string Address(DatabaseNode node) => string.Create(CultureInfo.InvariantCulture, $"{node.Host}:{node.Port}");

    private static async Task ExecuteAsync(MySqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<SlaveStatusRow?> ReadSlaveStatusAsync(MySqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new MySqlCommand("SHOW SLAVE STATUS", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? SlaveStatusRow.Read(reader) : null;
    }

    private async Task<bool> PingCoreAsync(DatabaseNode node, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAdminConnectionAsync(node, cancellationToken);
        return await connection.PingAsync(cancellationToken);
    }

    private Task<MySqlConnection> OpenAdminConnectionAsync(DatabaseNode node, CancellationToken cancellationToken) =>
        new NodeAdministration(_secrets).OpenAsync(node, cancellationToken);

    private static partial class Log
    {
        [LoggerMessage(EventIds.MadeWritable, LogLevel.Information, "Database node {Node} at {Address} is writable: the primary")]
        public static partial void MadeWritable(ILogger logger, string node, string address);

        [LoggerMessage(EventIds.NodeReady, LogLevel.Information, "Database node {Node} at {Address} ready after {Elapsed}")]
        public static partial void NodeReady(ILogger logger, string node, string address, TimeSpan elapsed);

        [LoggerMessage(EventIds.SchemaEnsured, LogLevel.Information, "Database node {Node} has database {Database} with {Statements} schema statements applied")]
        public static partial void SchemaEnsured(ILogger logger, string node, string database, int statements);

        [LoggerMessage(EventIds.ReplicationAlreadyRunning, LogLevel.Information, "Database node {Replica} already replicates from {Primary} at {PrimaryAddress}")]
        public static partial void ReplicationAlreadyRunning(ILogger logger, string replica, string primary, string primaryAddress);

        [LoggerMessage(EventIds.ReplicationConfigured, LogLevel.Information, "Database node {Replica} pointed at {Primary} at {PrimaryAddress} with MASTER_USE_GTID=slave_pos")]
        public static partial void ReplicationConfigured(ILogger logger, string replica, string primary, string primaryAddress);

        [LoggerMessage(EventIds.ReplicationRunning, LogLevel.Information, "Database node {Replica} replicating from {Primary}, received up to {GtidIoPos}, after {Elapsed}")]
        public static partial void ReplicationRunning(ILogger logger, string replica, string primary, string gtidIoPos, TimeSpan elapsed);

        [LoggerMessage(EventIds.ReplicationFromClone, LogLevel.Information, "Database node {Replica} was cloned: it replicates from GTID {Position}, where its copy ends")]
        public static partial void ReplicationFromClone(ILogger logger, string replica, string position);
    }
}
