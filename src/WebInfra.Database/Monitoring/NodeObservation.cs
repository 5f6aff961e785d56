using WebInfra.Database.Provisioning;
using WebInfra.Database.Replication;

namespace WebInfra.Database.Monitoring;

/// <summary>
/// What one check of one database node saw: whether it answered, whether it takes writes, its GTID positions, its
/// replication and its semi-sync state. Every decision of the monitor (which node is the primary, whom to promote,
/// who may rejoin) is taken from these facts alone, so the decisions can be tested without a server.
/// </summary>
/// <param name="Node">The node checked.</param>
/// <param name="Up">It accepted the administrator and answered within the check's timeout.</param>
/// <param name="Error">Why the check failed, when it did.</param>
internal sealed record NodeObservation(DatabaseNode Node, bool Up, string? Error)
{
    /// <summary><c>@@global.read_only</c>; a node that takes application writes has it off.</summary>
    public bool ReadOnly { get; init; } = true;

    /// <summary><c>@@global.gtid_current_pos</c>: everything the node has written or applied.</summary>
    public string GtidCurrentPos { get; init; } = string.Empty;

    /// <summary><c>@@global.gtid_binlog_pos</c>: everything in the node's binary log.</summary>
    public string GtidBinlogPos { get; init; } = string.Empty;

    /// <summary><c>@@global.gtid_binlog_state</c>: the last GTID of each domain and server_id in the node's binary log.</summary>
    public string GtidBinlogState { get; init; } = string.Empty;

    /// <summary><c>@@global.gtid_slave_pos</c>: the last GTID of each domain the node applied as a replica (or was cloned at).</summary>
    public string GtidSlavePos { get; init; } = string.Empty;

    /// <summary>The node's replication, or null when it has never been a replica (or was promoted).</summary>
    public ReplicationStatus? Replication { get; init; }

    /// <summary><c>Rpl_semi_sync_master_status</c>: commits wait for a replica's acknowledgement right now.</summary>
    public bool SemiSyncMasterActive { get; init; }

    /// <summary><c>Rpl_semi_sync_slave_status</c>: the node acknowledges what it receives.</summary>
    public bool SemiSyncSlaveActive { get; init; }

    /// <summary>The master side of semi-sync: whether it is on, and how many replicas acknowledge, wait and were acknowledged.</summary>
    public SemiSyncMasterState SemiSyncMaster { get; init; } = SemiSyncMasterState.None;

    /// <summary>A node that answered and takes writes: the only way a node is the primary.</summary>
    public bool Writable => Up && !ReadOnly;

    /// <summary>The node's <see cref="GtidCurrentPos"/> as a position.</summary>
    public GtidPosition Position => GtidPosition.Parse(GtidCurrentPos);

    /// <summary>
    /// The transactions this node holds that <paramref name="primary"/> does not (<see cref="ErrantTransactions"/>);
    /// empty for the primary itself, a node that is down, and when the primary is not writable (there is no history to
    /// compare with). The primary's own GTIDs never count: the two nodes are read one after the other, and a replica
    /// may have applied the primary's newest write after the primary was read.
    /// </summary>
    public IReadOnlyList<Gtid> ErrantAgainst(NodeObservation? primary) =>
        Up && primary is { Writable: true } && primary.Node != Node
            ? ErrantTransactions.Find(GtidBinlogState, primary.GtidBinlogState, primary.GtidSlavePos)
                .Where(g => g.ServerId != (uint)primary.Node.ServerId)
                .ToList()
            : [];

    /// <summary>True when the node replicates (or is reconnecting to) <paramref name="primary"/> and applies what it gets.</summary>
    public bool ReplicatesFrom(DatabaseNode primary) =>
        Replication is { } replication
        && replication.MasterHost == primary.Host
        && replication.MasterPort == primary.Port
        && (replication.IoRunning || replication.IoConnecting)
        && replication.SqlRunning;
}
