using System.Diagnostics;
using WebInfra.Database.Monitoring;

namespace WebInfra.Database.Failover;

/// <summary>The planned hand-over of the primary role (<c>webinfra db switchover --to TARGET</c>).</summary>
internal sealed partial class FailoverCoordinator
{
    /// <summary>How long writes may stay paused while the target applies the last of the primary's writes.</summary>
    private static readonly TimeSpan s_catchUpTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Hands the primary role to <paramref name="targetName"/> with no acknowledged write lost: the primary is made
    /// read-only (writes pause and every commit already acknowledged is in its binary log), the target applies up to the
    /// primary's last GTID, is promoted, and the old primary and the other replicas replicate from it. When the target
    /// does not catch up in time, the primary is made writable again and nothing has changed.
    /// </summary>
    /// <returns>How long writes were paused.</returns>
    /// <exception cref="SwitchoverException">The target is not a replica of the primary, or did not catch up.</exception>
    public async Task<TimeSpan> SwitchoverAsync(string targetName, NodeProbe probe, TimeSpan checkTimeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var target = _nodes.FirstOrDefault(n => n.Name == targetName)
            ?? throw new SwitchoverException($"'{targetName}' is not a database node; nodes: {string.Join(", ", _nodes.Select(n => n.Name))}", isBadTarget: true);

        await _gate.WaitAsync(cancellationToken);
        try
        {
            EnsureLeading();
            var old = _primary ?? throw new SwitchoverException("the monitor has not found the primary yet; try again in a moment", isBadTarget: false);
            var observations = await Task.WhenAll(_nodes.Select(n => probe.CheckAsync(n, checkTimeout, cancellationToken)));
            var primary = observations.First(o => o.Node == old);
            var candidate = observations.First(o => o.Node == target);
            if (target == old)
            {
                throw new SwitchoverException($"{targetName} is already the primary", isBadTarget: true);
            }

            if (!primary.Writable)
            {
                throw new SwitchoverException($"the primary {old.Name} is not writable ({primary.Error ?? "read-only"}); a failover is due, not a switchover", isBadTarget: false);
            }

            if (!candidate.ReplicatesFrom(old) || candidate.Replication is not { IoRunning: true })
            {
                throw new SwitchoverException(
                    $"{targetName} is not a running replica of the primary {old.Name} ({(candidate.Up ? candidate.Replication?.LastError ?? "not replicating from it" : candidate.Error)})",
                    isBadTarget: true);
            }

            var started = Stopwatch.GetTimestamp();
            await _administration.SetReadOnlyAsync(old, readOnly: true, cancellationToken);
            var last = await _administration.VariableAsync(old, "gtid_binlog_pos", cancellationToken);
            if (!await _administration.WaitForPositionAsync(target, last, s_catchUpTimeout, cancellationToken))
            {
                await _administration.SetReadOnlyAsync(old, readOnly: false, cancellationToken);
                throw new SwitchoverException(
                    $"{targetName} did not catch up with {old.Name} (at {last}) within {s_catchUpTimeout.TotalSeconds:0} s; {old.Name} is writable again and stays the primary",
                    isBadTarget: false);
            }

            if (await _leadership.RecordPrimaryAsync(target.Name, _agreed, cancellationToken) is not { } agreed)
            {
                await _administration.SetReadOnlyAsync(old, readOnly: false, cancellationToken);
                throw new SwitchoverException("the leadership or the agreed primary changed meanwhile; nothing changed", isBadTarget: false);
            }

            await _administration.PromoteAsync(target, LeaseToGrant, asynchronous: false, cancellationToken);
            var paused = Stopwatch.GetElapsedTime(started);
            _primary = target;
            _agreed = agreed;
            _failedChecks = 0;
            _outReasons.Remove(old.Name);
            Log.SwitchedOver(_logger, target.Name, old.Name, last, paused);
            await Task.WhenAll(observations
                .Where(o => o.Node != target && o.Up && !_outReasons.ContainsKey(o.Node.Name))
                .Select(o => RepointQuietlyAsync(o.Node, target, cancellationToken)));
            return paused;
        }
        finally
        {
            _gate.Release();
        }
    }
}
