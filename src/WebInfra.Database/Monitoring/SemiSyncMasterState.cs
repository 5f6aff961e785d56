namespace WebInfra.Database.Monitoring;

/// <summary>The master side of semi-sync on a node, as one check read it.</summary>
/// <param name="Enabled"><c>rpl_semi_sync_master_enabled</c>: commits wait for a replica's acknowledgement.</param>
/// <param name="Clients"><c>Rpl_semi_sync_master_clients</c>: replicas connected that acknowledge.</param>
/// <param name="WaitSessions"><c>Rpl_semi_sync_master_wait_sessions</c>: commits waiting for an acknowledgement now.</param>
/// <param name="Acknowledged"><c>Rpl_semi_sync_master_yes_tx</c>: commits a replica acknowledged since the node started.</param>
internal sealed record SemiSyncMasterState(bool Enabled, long Clients, long WaitSessions, long Acknowledged)
{
    /// <summary>Nothing known (the node did not answer).</summary>
    public static SemiSyncMasterState None { get; } = new(false, 0, 0, 0);

    /// <summary>
    /// Whether commits are stuck since <paramref name="previous"/>: semi-sync is on and no replica acknowledges (none
    /// connected), or commits wait and none was acknowledged between the two checks.
    /// </summary>
    public bool StalledSince(SemiSyncMasterState? previous) =>
        Enabled && (Clients == 0 || (WaitSessions > 0 && previous is not null && Acknowledged == previous.Acknowledged));
}
