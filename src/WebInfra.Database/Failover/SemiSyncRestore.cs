using WebInfra.Database.Monitoring;
using WebInfra.Database.Replication;

namespace WebInfra.Database.Failover;

/// <summary>
/// The way back from a degraded primary (semi-sync off, writes acknowledged by the primary alone, failover held) to one
/// whose failover loses nothing, one step per check of the leading monitor:
/// <list type="number">
/// <item>Once a replica is connected, semi-sync is switched on and the connected replicas connect again: a replica that
/// connected while the master side was off does not acknowledge until it does.</item>
/// <item>While semi-sync does not acknowledge (no replica connected to it, commits waiting with none acknowledged since
/// the last check, or fallen back to asynchronous after its timeout), the connected replicas connect again, at most every
/// <see cref="ReconnectEvery"/> checks: a replica that stayed connected through the switch off and on (a one-way
/// partition that healed) may be counted as a client yet never be asked for an acknowledgement.</item>
/// <item>Once semi-sync is seen acknowledging at two checks in a row, the primary's binary log position at the second is
/// the <em>resync point</em>: every write after it waits for a replica, and every write before it is in it.</item>
/// <item>Once a connected replica has applied the resync point, with semi-sync still acknowledging, the degraded record
/// is cleared: every acknowledged write is on a replica again, and failover is allowed.</item>
/// </list>
/// The point is fixed, not the primary's newest position, so writes that never stop do not keep the record from
/// clearing. Anything that breaks the way (no replica connected, semi-sync off or not acknowledging) starts it again.
/// </summary>
internal sealed class SemiSyncRestore
{
    /// <summary>Checks between two reconnections of the replicas while none acknowledges.</summary>
    public const int ReconnectEvery = 4;

    private bool _acknowledgingBefore;
    private GtidPosition? _resyncPoint;
    private int _checksSinceReconnect;

    /// <summary>The primary's position after which every write waits for a replica, once known.</summary>
    public GtidPosition? ResyncPoint => _resyncPoint;

    /// <summary>
    /// The step for this check, from the observations of every node and of the degraded primary, and whether its commits
    /// are stuck since the last check (<see cref="SemiSyncMasterState.StalledSince"/>, as the monitor computed it).
    /// </summary>
    public SemiSyncRestoreStep Next(IReadOnlyList<NodeObservation> observations, NodeObservation primary, bool stalled)
    {
        ArgumentNullException.ThrowIfNull(observations);
        ArgumentNullException.ThrowIfNull(primary);
        var connected = observations
            .Where(o => o.Node != primary.Node && o.Up && o.ReplicatesFrom(primary.Node) && o.Replication is { IoRunning: true })
            .ToList();
        var semiSync = primary.SemiSyncMaster;
        var acknowledging = semiSync.Enabled && primary.SemiSyncMasterActive && !stalled;
        var acknowledgingBefore = _acknowledgingBefore;
        _acknowledgingBefore = acknowledging && connected.Count > 0;
        _checksSinceReconnect++;
        if (!_acknowledgingBefore)
        {
            _resyncPoint = null;
        }

        if (connected.Count == 0)
        {
            return SemiSyncRestoreStep.Wait;
        }

        if (!semiSync.Enabled)
        {
            _checksSinceReconnect = 0;
            return new SemiSyncRestoreStep(SemiSyncRestoreAction.Enable, [.. connected.Select(o => o.Node)]);
        }

        if (!acknowledging)
        {
            if (_checksSinceReconnect < ReconnectEvery)
            {
                return SemiSyncRestoreStep.Wait;
            }

            _checksSinceReconnect = 0;
            return new SemiSyncRestoreStep(SemiSyncRestoreAction.Reconnect, [.. connected.Select(o => o.Node)]);
        }

        if (!acknowledgingBefore)
        {
            return SemiSyncRestoreStep.Wait;
        }

        if (_resyncPoint is not { } point)
        {
            _resyncPoint = GtidPosition.Parse(primary.GtidBinlogPos);
            return SemiSyncRestoreStep.Wait;
        }

        return connected.FirstOrDefault(o => o.Position.Contains(point)) is { } caughtUp
            ? new SemiSyncRestoreStep(SemiSyncRestoreAction.Clear, [caughtUp.Node])
            : SemiSyncRestoreStep.Wait;
    }
}
