namespace WebInfra.Database.Monitoring;

/// <summary>
/// One database node as <c>GET /cluster</c> and <c>webinfra db status</c> report it: its current role, which can
/// differ from the topology's after a failover or switchover, and the replication facts an operator needs to trust it.
/// </summary>
/// <param name="Name">The component, such as <c>server-2/db</c>.</param>
/// <param name="Address">Its address and port.</param>
/// <param name="Role">One of <see cref="DatabaseNodeRoles"/>.</param>
/// <param name="Up">It answered the last check.</param>
/// <param name="ReadOnly"><c>@@read_only</c>; null when the node is down.</param>
/// <param name="GtidCurrentPos"><c>@@gtid_current_pos</c>.</param>
/// <param name="GtidBinlogPos"><c>@@gtid_binlog_pos</c>.</param>
/// <param name="ReplicatingFrom">The address its replication points at, or null when it is not a replica.</param>
/// <param name="IoRunning"><c>Slave_IO_Running = Yes</c>; null when it is not a replica.</param>
/// <param name="SqlRunning"><c>Slave_SQL_Running = Yes</c>; null when it is not a replica.</param>
/// <param name="SecondsBehindMaster">The replica's lag; null when not replicating.</param>
/// <param name="SemiSyncMasterStatus"><c>Rpl_semi_sync_master_status</c>: on the primary, commits wait for a replica's acknowledgement.</param>
/// <param name="SemiSyncSlaveStatus"><c>Rpl_semi_sync_slave_status</c>: on a replica, it acknowledges what it receives.</param>
/// <param name="Reason">Why the node is <c>out</c> or <c>down</c>, or the replication error of a replica.</param>
/// <param name="DataAgeSeconds">
/// How old a read-only node's data is at least: its lag while it is in touch with its primary; once cut off, the lag it
/// last reported plus the time since (the monitor counts it from its own checks). Null for the primary, a node that is
/// down, and a cut-off replica that no monitor saw in touch.
/// </param>
/// <param name="ErrantGtids">
/// The node's errant transactions: for each domain and server_id, the last GTID it holds that the primary does not
/// (<c>errant_gtids</c> in JSON); empty when it holds none, and for the primary, a node that is down or a cluster with
/// no writable primary to compare with.
/// </param>
public sealed record DatabaseNodeStatus(
    string Name,
    string Address,
    string Role,
    bool Up,
    bool? ReadOnly,
    string? GtidCurrentPos,
    string? GtidBinlogPos,
    string? ReplicatingFrom,
    bool? IoRunning,
    bool? SqlRunning,
    long? SecondsBehindMaster,
    bool? SemiSyncMasterStatus,
    bool? SemiSyncSlaveStatus,
    string? Reason,
    double? DataAgeSeconds = null,
    IReadOnlyList<string>? ErrantGtids = null)
{
    /// <summary>The replica's I/O thread is not in touch with its primary, so it receives nothing newer.</summary>
    public bool CutOff => ReplicatingFrom is not null && IoRunning == false;

    /// <summary>This status with the errant GTIDs <paramref name="observation"/> holds against <paramref name="primary"/>.</summary>
    internal DatabaseNodeStatus WithErrantAgainst(NodeObservation observation, NodeObservation? primary) =>
        this with { ErrantGtids = [.. observation.ErrantAgainst(primary).Select(g => g.ToString())] };

    internal static DatabaseNodeStatus From(NodeObservation observation, string role, string? reason, double? dataAgeSeconds = null)
    {
        var replication = observation.Up ? observation.Replication : null;
        return new DatabaseNodeStatus(
            observation.Node.Name,
            $"{observation.Node.Host}:{observation.Node.Port}",
            role,
            observation.Up,
            observation.Up ? observation.ReadOnly : null,
            observation.Up ? observation.GtidCurrentPos : null,
            observation.Up ? observation.GtidBinlogPos : null,
            replication is null ? null : $"{replication.MasterHost}:{replication.MasterPort}",
            replication?.IoRunning,
            replication?.SqlRunning,
            replication?.SecondsBehindMaster,
            observation.Up ? observation.SemiSyncMasterActive : null,
            observation.Up ? observation.SemiSyncSlaveActive : null,
            reason ?? (observation.Up ? replication?.LastError : observation.Error),
            observation.Up && observation.ReadOnly ? dataAgeSeconds ?? (replication is { SqlRunning: true } ? replication.SecondsBehindMaster : null) : null);
    }
}
