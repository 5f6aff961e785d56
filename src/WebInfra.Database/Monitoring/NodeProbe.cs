using System.Net.Sockets;
using MySqlConnector;
using WebInfra.Database.Connections;
using WebInfra.Database.Provisioning;
using WebInfra.Database.Replication;

namespace WebInfra.Database.Monitoring;

/// <summary>
/// One check of one node: connect as the administrator and read, in one round trip, read_only, the GTID positions,
/// <c>SHOW SLAVE STATUS</c> and the semi-sync status. A node that does not answer within the timeout failed the
/// check. Everything is read with SHOW statements, so the checks count as no SELECT on the node.
/// </summary>
internal sealed class NodeProbe(NodeAdministration administration)
{
    private const string Statements =
        "SHOW GLOBAL VARIABLES WHERE Variable_name IN ('read_only', 'gtid_current_pos', 'gtid_binlog_pos', 'gtid_binlog_state', 'gtid_slave_pos', 'rpl_semi_sync_master_enabled');"
        + "SHOW SLAVE STATUS;"
        + "SHOW GLOBAL STATUS WHERE Variable_name IN ('Rpl_semi_sync_master_status', 'Rpl_semi_sync_slave_status', "
        + "'Rpl_semi_sync_master_clients', 'Rpl_semi_sync_master_wait_sessions', 'Rpl_semi_sync_master_yes_tx')";

    public async Task<NodeObservation> CheckAsync(DatabaseNode node, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await using var connection = await administration.OpenAsync(node, deadline.Token);
            await using var command = new MySqlCommand(Statements, connection);
            await using var reader = await command.ExecuteReaderAsync(deadline.Token);
            var variables = await ShowPairs.ReadAsync(reader, deadline.Token);
            await reader.NextResultAsync(deadline.Token);
            var replication = await reader.ReadAsync(deadline.Token) ? SlaveStatusRow.Read(reader).ToStatus() : null;
            await reader.NextResultAsync(deadline.Token);
            var status = await ShowPairs.ReadAsync(reader, deadline.Token);
            return new NodeObservation(node, Up: true, Error: null)
            {
                ReadOnly = ShowPairs.ReadOnly(variables),
                GtidCurrentPos = variables.GetValueOrDefault("gtid_current_pos") ?? string.Empty,
                GtidBinlogPos = variables.GetValueOrDefault("gtid_binlog_pos") ?? string.Empty,
                GtidBinlogState = variables.GetValueOrDefault("gtid_binlog_state") ?? string.Empty,
                GtidSlavePos = variables.GetValueOrDefault("gtid_slave_pos") ?? string.Empty,
                Replication = replication,
                SemiSyncMasterActive = string.Equals(status.GetValueOrDefault("Rpl_semi_sync_master_status"), "ON", StringComparison.OrdinalIgnoreCase),
                SemiSyncSlaveActive = string.Equals(status.GetValueOrDefault("Rpl_semi_sync_slave_status"), "ON", StringComparison.OrdinalIgnoreCase),
                SemiSyncMaster = new SemiSyncMasterState(
                    string.Equals(variables.GetValueOrDefault("rpl_semi_sync_master_enabled"), "ON", StringComparison.OrdinalIgnoreCase),
                    ShowPairs.Number(status, "Rpl_semi_sync_master_clients"),
                    ShowPairs.Number(status, "Rpl_semi_sync_master_wait_sessions"),
                    ShowPairs.Number(status, "Rpl_semi_sync_master_yes_tx")),
            };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new NodeObservation(node, Up: false, $"no answer within {timeout.TotalMilliseconds:0} ms");
        }
        catch (Exception exception) when (exception is MySqlException or IOException or SocketException or InvalidOperationException)
        {
            return new NodeObservation(node, Up: false, exception.Message);
        }
    }
}
