using MySqlConnector;
using WebInfra.Database.Monitoring;
using WebInfra.Database.Provisioning;
using WebInfra.Database.Replication;
using WebInfra.Topology.Model;

namespace WebInfra.Database.Failover;

/// <summary>
/// Leadership, the primary's lease and semi-sync: what makes a failover safe when the network, not a process, fails.
/// Only the leading monitor acts. With <c>fencing: lease</c> it renews the primary's lease at every check, a promotion
/// waits until a primary it lost must have fenced itself, and semi-sync is degraded only by the leader, on the record.
/// </summary>
internal sealed partial class FailoverCoordinator
{
    /// <summary>What is added to the lease and the fence's period before a lost primary counts as fenced: clock steps, a slow event.</summary>
    private static readonly TimeSpan s_fenceMargin = TimeSpan.FromMilliseconds(250);

    private readonly HashSet<string> _fenceInstalled = new(StringComparer.Ordinal);
    private long _leadingSince;
    private long _leaseSentAt;
    private int _stalledChecks;
    private SemiSyncMasterState? _lastSemiSync;

    /// <summary>The lease a promoted node is given before it becomes writable, or null without fencing.</summary>
    private TimeSpan? LeaseToGrant => _fencing == FencingMode.Lease ? _lease : null;

    /// <summary>
    /// Installs the fence on every node that answers and has not had it from this monitor since it started leading. The
    /// procedure and the event persist across the node's restarts, so a node that was down is not installed again: that
    /// DDL would wait behind a fence under way.
    /// </summary>
    private async Task InstallFencesAsync(IReadOnlyList<NodeObservation> observations, CancellationToken cancellationToken)
    {
        foreach (var observation in observations)
        {
            if (!observation.Up || _fenceInstalled.Contains(observation.Node.Name))
            {
                continue;
            }

            try
            {
                await _administration.InstallFenceAsync(observation.Node, _fencing == FencingMode.Lease, cancellationToken);
                _fenceInstalled.Add(observation.Node.Name);
            }
            catch (MySqlException exception)
            {
                Log.FenceNotInstalled(_logger, observation.Node.Name, exception.Message);
            }
        }
    }

    /// <summary>
    /// Renews the primary's lease. Every attempt counts as a renewal for <see cref="WaitOutLeaseAsync"/>, even one that
    /// failed: its statement may have reached the node.
    /// </summary>
    private async Task RenewLeaseAsync(DatabaseNode primary, CancellationToken cancellationToken)
    {
        if (_fencing != FencingMode.Lease)
        {
            return;
        }

        try
        {
            await _administration.RenewLeaseAsync(primary, _lease, cancellationToken);
        }
        catch (MySqlException exception)
        {
            Log.LeaseNotRenewed(_logger, primary.Name, exception.Message);
        }
        finally
        {
            _leaseSentAt = _time.GetTimestamp();
        }
    }

    /// <summary>
    /// Before a promotion: waits until the old primary has fenced itself, unless it is seen read-only already. Its lease
    /// was last extended at this monitor's last renewal, or before this monitor started leading (a former leader's); it
    /// runs out a lease later, and the fence acts within its period after that.
    /// </summary>
    private async Task WaitOutLeaseAsync(NodeObservation old, CancellationToken cancellationToken)
    {
        if (_fencing != FencingMode.Lease || old is { Up: true, ReadOnly: true })
        {
            return;
        }

        var fenced = _lease + PrimaryLease.FencePeriod + s_fenceMargin;
        var remaining = fenced - _time.GetElapsedTime(Math.Max(_leaseSentAt, _leadingSince));
        if (remaining > TimeSpan.Zero)
        {
            Log.WaitingOutLease(_logger, old.Node.Name, remaining);
            await Task.Delay(remaining, _time, cancellationToken);
        }
    }

    /// <summary>
    /// With a lease and semi-sync: a primary whose commits are stuck for <c>fall</c> checks (no replica connected, or
    /// commits waiting and none acknowledged), or that fell back to asynchronous by itself, is degraded on the record
    /// first (which holds failover), then switched to asynchronous, so writes go on. Once a replica holds everything
    /// the primary wrote, semi-sync is switched back on; once it is on and a replica has caught up again, the record is
    /// cleared and failover is allowed again.
    /// </summary>
    private async Task KeepSemiSyncAsync(IReadOnlyList<NodeObservation> observations, NodeObservation primary, CancellationToken cancellationToken)
    {
        var semiSync = primary.SemiSyncMaster;
        var stalled = semiSync.StalledSince(_lastSemiSync);
        _lastSemiSync = semiSync;
        if (_fencing != FencingMode.Lease || _replication != "semisync" || _agreed is not { } agreed)
        {
            return;
        }

        try
        {
            if (!agreed.Degraded)
            {
                _stalledChecks = stalled ? _stalledChecks + 1 : 0;
                var fellBack = semiSync.Enabled && !primary.SemiSyncMasterActive;
                if ((fellBack || _stalledChecks >= _fall) && await _leadership.RecordDegradedAsync(true, agreed, cancellationToken) is { } degraded)
                {
                    _agreed = degraded;
                    _stalledChecks = 0;
                    await _administration.SetSemiSyncAsync(primary.Node, enabled: false, cancellationToken);
                    Log.Degraded(_logger, primary.Node.Name, fellBack ? "it fell back to asynchronous by itself" : "no replica acknowledges its commits");
                }

                return;
            }

            var caughtUp = observations.FirstOrDefault(o => o.Node != primary.Node && o.Up && o.ReplicatesFrom(primary.Node)
                && o.Replication is { IoRunning: true } && o.Position.Contains(GtidPosition.Parse(primary.GtidBinlogPos)));
            if (caughtUp is null)
            {
                return;
            }

            if (!semiSync.Enabled)
            {
                await _administration.SetSemiSyncAsync(primary.Node, enabled: true, cancellationToken);
            }
            else if (!primary.SemiSyncMasterActive)
            {
                // A replica connected while the master side was off does not acknowledge until it connects again.
                await _administration.ReconnectAsync(caughtUp.Node, cancellationToken);
            }
            else if (await _leadership.RecordDegradedAsync(false, agreed, cancellationToken) is { } restored)
            {
                _agreed = restored;
                Log.Restored(_logger, primary.Node.Name, caughtUp.Node.Name);
            }
        }
        catch (MySqlException exception)
        {
            Log.SemiSyncNotChanged(_logger, primary.Node.Name, exception.Message);
        }
    }
}
