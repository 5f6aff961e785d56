namespace WebInfra.Database.Replication;

/// <summary>
/// A replica's view of its replication, read from <c>SHOW SLAVE STATUS</c>. Status pages and
/// failover decisions need the same few facts: are both threads running, how far behind is the
/// replica, which GTIDs has it received, whom does it follow, and why did it stop.
/// </summary>
/// <param name="IoRunning">The IO thread is connected to the primary and receiving its binary log (<c>Slave_IO_Running = Yes</c>).</param>
/// <param name="SqlRunning">The SQL thread is applying the received events (<c>Slave_SQL_Running = Yes</c>).</param>
/// <param name="SecondsBehindMaster">The replica's lag; null when a thread is not running.</param>
/// <param name="GtidIoPos">The GTIDs received from the primary so far (<c>Gtid_IO_Pos</c>).</param>
/// <param name="LastError">The last IO and SQL thread errors (<c>Last_IO_Error</c>, <c>Last_SQL_Error</c>), or null when there are none.</param>
public sealed record ReplicationStatus(bool IoRunning, bool SqlRunning, long? SecondsBehindMaster, string GtidIoPos, string? LastError)
{
    /// <summary>The primary's host the replica replicates from (<c>Master_Host</c>).</summary>
    public required string MasterHost { get; init; }

    /// <summary>The primary's port the replica replicates from (<c>Master_Port</c>).</summary>
    public required int MasterPort { get; init; }

    /// <summary>The IO thread is trying to (re)connect to the primary (<c>Slave_IO_Running = Connecting</c>): not running, but not given up either.</summary>
    public required bool IoConnecting { get; init; }
}
