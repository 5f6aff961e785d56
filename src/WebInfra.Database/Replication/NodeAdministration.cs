using System.Globalization;
using MySqlConnector;
using WebInfra.Database.Connections;
using WebInfra.Database.Failover;
using WebInfra.Database.Provisioning;

namespace WebInfra.Database.Replication;

/// <summary>
/// The statements that change a node's place in the cluster (promote, repoint, fence), in one place so failover,
/// switchover and rejoin do them the same way. Each call opens one unpooled administrator connection: a pooled
/// connection to a node that was just killed would fail the next call instead of this one.
/// </summary>
internal sealed class NodeAdministration(DatabaseSecrets secrets)
{
    /// <summary>
    /// Switches the master side of semi-sync on exactly when the node's slave side is (the site runs semi-sync): for a
    /// node that becomes the primary. A replica runs with it off (see <see cref="MariaDbProvisioner.SemiSyncArguments"/>).
    /// </summary>
    public const string SemiSyncMasterFollowsSlave = "SET GLOBAL rpl_semi_sync_master_enabled = @@GLOBAL.rpl_semi_sync_slave_enabled";

    public async Task<MySqlConnection> OpenAsync(DatabaseNode node, CancellationToken cancellationToken)
    {
        var connection = new MySqlConnection(DatabaseConnectionStrings.ForAdmin(node, secrets).ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Makes <paramref name="node"/> the primary: no replication left, writable. With semi-sync, its master side is
    /// switched on (off and on, should it be on: a side that had fallen back to asynchronous would acknowledge the
    /// first writes without any replica having them; switched on anew, it starts in semi-sync), unless
    /// <paramref name="asynchronous"/> (a degraded primary reopened: no replica would acknowledge). With a
    /// <paramref name="lease"/>, the node holds it before it becomes writable, so its own fence leaves it writable.
    /// </summary>
    public async Task PromoteAsync(DatabaseNode node, TimeSpan? lease, bool asynchronous, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(node, cancellationToken);
        await ExecuteAsync(connection, "STOP SLAVE", cancellationToken);
        await ExecuteAsync(connection, "RESET SLAVE ALL", cancellationToken);
        await ExecuteAsync(connection, "SET GLOBAL rpl_semi_sync_master_enabled = OFF", cancellationToken);
        if (!asynchronous)
        {
            await ExecuteAsync(connection, SemiSyncMasterFollowsSlave, cancellationToken);
        }

        if (lease is { } ttl)
        {
            await ExecuteAsync(connection, PrimaryLease.Renew(ttl), cancellationToken);
        }

        await ExecuteAsync(connection, "SET GLOBAL read_only = OFF", cancellationToken);
    }

    /// <summary>Installs the fence on <paramref name="node"/> (<see cref="PrimaryLease"/>), with its lease event or without.</summary>
    public async Task InstallFenceAsync(DatabaseNode node, bool lease, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(node, cancellationToken);
        await ExecuteAsync(connection, PrimaryLease.Install(secrets.AdminUser, lease), cancellationToken);
    }

    /// <summary>Extends the primary's lease to <paramref name="ttl"/> from now, on the node <paramref name="connection"/> is open to.</summary>
    public static Task RenewLeaseAsync(MySqlConnection connection, TimeSpan ttl, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, PrimaryLease.Renew(ttl), cancellationToken);

    /// <summary>
    /// Fences <paramref name="node"/> now: its sessions waiting for a semi-sync acknowledgement are killed unanswered,
    /// then it is made read-only, so the application's writes fail there with error 1290.
    /// </summary>
    public async Task FenceAsync(DatabaseNode node, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(node, cancellationToken);
        await ExecuteAsync(connection, PrimaryLease.FenceNow, cancellationToken);
    }

    /// <summary>Makes the replica <paramref name="node"/> connect to its primary again (its IO thread stopped and started).</summary>
    public async Task ReconnectAsync(DatabaseNode node, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(node, cancellationToken);
        await ExecuteAsync(connection, "STOP SLAVE IO_THREAD", cancellationToken);
        await ExecuteAsync(connection, "START SLAVE IO_THREAD", cancellationToken);
    }

    /// <summary>
    /// Switches the master side of semi-sync on <paramref name="node"/> on or off. Off, its waiting commits are
    /// acknowledged at once and the next ones without a replica; the leading monitor does so only after recording that
    /// the cluster is degraded, which holds failover.
    /// </summary>
    public async Task SetSemiSyncAsync(DatabaseNode node, bool enabled, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(node, cancellationToken);
        await ExecuteAsync(connection, enabled ? "SET GLOBAL rpl_semi_sync_master_enabled = ON" : "SET GLOBAL rpl_semi_sync_master_enabled = OFF", cancellationToken);
    }

    /// <summary>Sets <c>read_only</c> on <paramref name="node"/>: the application's writes fail there with error 1290.</summary>
    public async Task SetReadOnlyAsync(DatabaseNode node, bool readOnly, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(node, cancellationToken);
        await ExecuteAsync(connection, readOnly ? "SET GLOBAL read_only = ON" : "SET GLOBAL read_only = OFF", cancellationToken);
    }

    /// <summary>
    /// Points <paramref name="replica"/> at <paramref name="primary"/> from everything it already holds: its replication
    /// position becomes its <c>gtid_current_pos</c>, which for a former primary is its own binary log (its
    /// <c>gtid_slave_pos</c> is stale or empty) and for a replica is what it applied.
    /// </summary>
    public async Task RepointAsync(DatabaseNode replica, DatabaseNode primary, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(replica, cancellationToken);
        await ExecuteAsync(connection, "SET GLOBAL read_only = ON", cancellationToken);
        await ExecuteAsync(connection, "SET GLOBAL rpl_semi_sync_master_enabled = OFF", cancellationToken);
        await ExecuteAsync(connection, "STOP SLAVE", cancellationToken);
        await ExecuteAsync(connection, "SET GLOBAL gtid_slave_pos = @@GLOBAL.gtid_current_pos", cancellationToken);
        await ExecuteAsync(connection, await ChangeMasterStatement.ForAsync(connection, replica, primary, secrets, cancellationToken), cancellationToken);
        await ExecuteAsync(connection, "START SLAVE", cancellationToken);
    }

    /// <summary>
    /// Waits (bounded) until <paramref name="node"/> has applied every GTID of <paramref name="position"/>
    /// (<c>MASTER_GTID_WAIT</c>); returns false when it has not within <paramref name="timeout"/>.
    /// </summary>
    public async Task<bool> WaitForPositionAsync(DatabaseNode node, string position, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(position))
        {
            return true;
        }

        await using var connection = await OpenAsync(node, cancellationToken);
        await using var command = new MySqlCommand("SELECT MASTER_GTID_WAIT(@position, @timeout)", connection);
        command.Parameters.AddWithValue("@position", position);
        command.Parameters.AddWithValue("@timeout", timeout.TotalSeconds);
        command.CommandTimeout = (int)Math.Ceiling(timeout.TotalSeconds) + DatabaseConnectionStrings.ConnectionTimeoutSeconds;
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) == 0;
    }

    /// <summary>Reads one global variable with SHOW, which counts as no SELECT on the node.</summary>
    public async Task<string> VariableAsync(DatabaseNode node, string name, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(node, cancellationToken);
        return await VariableAsync(connection, name, cancellationToken);
    }

    /// <summary>Reads one global variable on the node behind <paramref name="connection"/> with SHOW, which counts as no SELECT there; empty when it has none.</summary>
    internal static async Task<string> VariableAsync(MySqlConnection connection, string name, CancellationToken cancellationToken)
    {
        await using var command = new MySqlCommand("SHOW GLOBAL VARIABLES WHERE Variable_name = @name", connection);
        command.Parameters.AddWithValue("@name", name);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? reader.GetString(1) : string.Empty;
    }

    private static async Task ExecuteAsync(MySqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
