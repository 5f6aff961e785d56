using System.Net.Sockets;
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
    private readonly Lock _leaseLock = new();
    private long _leaseSentAt;
    private DatabaseNode? _leaseHolder;
    private Task _renewal = Task.CompletedTask;
    private int _stalledChecks;
    private SemiSyncMasterState? _lastSemiSync;
    private SemiSyncRestore? _restore;

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
    /// Renews the primary's lease on a timer of its own, every <paramref name="interval"/>, for as long as the monitor
    /// leads: nothing a round waits on (a replica's IO thread slow to stop behind a partition, a node that stopped
    /// answering between its check and an action) may let the lease run out under a primary the monitor still reaches.
    /// The rounds say which node holds the lease (<see cref="HoldLease"/>); none while the primary fails its checks.
    /// </summary>
    public async Task KeepLeaseAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        if (_fencing != FencingMode.Lease)
        {
            return;
        }

        using var timer = new PeriodicTimer(interval, _time);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            Task renewal;
            lock (_leaseLock)
            {
                if (_leaseHolder is not { } holder || !_leadership.Current.IsLeader)
                {
                    continue;
                }

                renewal = _renewal = RenewLeaseAsync(holder, interval, cancellationToken);
            }

            await renewal;
        }
    }

    /// <summary>Names the node whose lease <see cref="KeepLeaseAsync"/> renews from now, or none.</summary>
    private void HoldLease(DatabaseNode? holder)
    {
        lock (_leaseLock)
        {
            _leaseHolder = holder;
        }
    }

    /// <summary>
    /// Renews the lease on <paramref name="holder"/>, within <paramref name="timeout"/>. An attempt whose statement was
    /// sent counts as a renewal for <see cref="WaitOutLeaseAsync"/> from the moment it ended, even one that failed: it
    /// may have reached the node. One that could not connect sent nothing and counts for nothing, so a primary cut off
    /// mid-renewal does not make the promotion wait for the connect timeout as well.
    /// </summary>
    private async Task RenewLeaseAsync(DatabaseNode holder, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var sent = false;
        try
        {
            await using var connection = await _administration.OpenAsync(holder, deadline.Token);
            sent = true;
            await NodeAdministration.RenewLeaseAsync(connection, _lease, deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Log.LeaseNotRenewed(_logger, holder.Name, $"no answer within {timeout.TotalMilliseconds:0} ms");
        }
        catch (Exception exception) when (exception is MySqlException or IOException or SocketException or InvalidOperationException or TimeoutException)
        {
            // Whatever went wrong, the keeper must go on: a lease it stops renewing fences a primary that is fine.
            Log.LeaseNotRenewed(_logger, holder.Name, exception.Message);
        }
        finally
        {
            if (sent)
            {
                Interlocked.Exchange(ref _leaseSentAt, _time.GetTimestamp());
            }
        }
    }

    /// <summary>
    /// Before a promotion: stops the renewals, waits for one under way to end, then waits until the old primary has fenced
    /// itself (one seen read-only is reopened instead, never failed over: <see cref="ReopenAsync"/>). Its lease was last
    /// extended at this monitor's last renewal, or before this monitor started leading (a former leader's); it runs out a
    /// lease later, and the fence acts within its period after that.
    /// </summary>
    private async Task WaitOutLeaseAsync(DatabaseNode old, CancellationToken cancellationToken)
    {
        Task renewal;
        lock (_leaseLock)
        {
            _leaseHolder = null;
            renewal = _renewal;
        }

        await renewal;
        if (_fencing != FencingMode.Lease)
        {
            return;
        }

        var fenced = _lease + PrimaryLease.FencePeriod + s_fenceMargin;
        var remaining = fenced - _time.GetElapsedTime(Math.Max(Interlocked.Read(ref _leaseSentAt), _leadingSince));
        if (remaining > TimeSpan.Zero)
        {
            Log.WaitingOutLease(_logger, old.Name, remaining);
            await Task.Delay(remaining, _time, cancellationToken);
        }
    }

    /// <summary>
    /// With a lease and semi-sync: a primary whose commits are stuck for <c>fall</c> checks (no replica connected, or
    /// commits waiting and none acknowledged), or that fell back to asynchronous by itself, is degraded on the record
    /// first (which holds failover), then switched to asynchronous, so writes go on. From then on
    /// <see cref="SemiSyncRestore"/> leads it back, one step per check, and the record is cleared once a replica holds
    /// every write the primary acknowledged alone.
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
                _restore = null;
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

            _restore ??= new SemiSyncRestore();
            var step = _restore.Next(observations, primary, stalled);
            switch (step.Action)
            {
                case SemiSyncRestoreAction.Enable:
                    await _administration.SetSemiSyncAsync(primary.Node, enabled: true, cancellationToken);
                    await ReconnectAllAsync(step.Replicas, cancellationToken);
                    Log.SemiSyncEnabledAgain(_logger, primary.Node.Name, string.Join(", ", step.Replicas.Select(r => r.Name)));
                    break;
                case SemiSyncRestoreAction.Reconnect:
                    await ReconnectAllAsync(step.Replicas, cancellationToken);
                    break;
                case SemiSyncRestoreAction.Clear when await _leadership.RecordDegradedAsync(false, agreed, cancellationToken) is { } restored:
                    _agreed = restored;
                    _restore = null;
                    Log.Restored(_logger, primary.Node.Name, step.Replicas[0].Name);
                    break;
            }
        }
        catch (MySqlException exception)
        {
            Log.SemiSyncNotChanged(_logger, primary.Node.Name, exception.Message);
        }
    }

    /// <summary>Makes each replica connect to its primary again, so it negotiates semi-sync with the master side as it is now.</summary>
    private async Task ReconnectAllAsync(IReadOnlyList<DatabaseNode> replicas, CancellationToken cancellationToken)
    {
        await Task.WhenAll(replicas.Select(r => _administration.ReconnectAsync(r, cancellationToken)));
    }
}
