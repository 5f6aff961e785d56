using Microsoft.Extensions.Logging;
using WebInfra.Database.Monitoring;

namespace WebInfra.Database.Failover;

/// <summary>Only the leading monitor acts on the cluster; the others observe, so every monitor serves its state.</summary>
internal sealed partial class FailoverCoordinator
{
    private bool _following;

    /// <summary>
    /// Whether this monitor may act on this round. One that does not lead keeps the round for its status (the
    /// writable node shown as the primary) and counts no failed check, so it never fences, rejoins, fails over or
    /// switches over. One that has just become the leader forgets the primary it saw, so the round reads the agreed
    /// primary again before acting, and counts its leadership from now for the lease a former leader may have renewed.
    /// </summary>
    private bool FollowsLeadership(IReadOnlyList<NodeObservation> observations)
    {
        var standing = _leadership.Current;
        if (!standing.IsLeader)
        {
            if (!_following)
            {
                Log.Following(_logger, standing.Leader ?? "no monitor", standing.Problem ?? "it was elected");
            }

            _following = true;
            HoldLease(null);
            _failedChecks = 0;
            _stalledChecks = 0;
            _primary = observations.FirstOrDefault(o => o.Writable)?.Node ?? _primary;
            return false;
        }

        if (_following)
        {
            // A lease the former leader renewed may still run: a promotion waits it out from now (WaitOutLeaseAsync).
            Log.Leading(_logger);
            _following = false;
            _primary = null;
            _agreed = null;
            _leadingSince = _time.GetTimestamp();
            _fenceInstalled.Clear();
        }

        return true;
    }

    /// <summary>Refuses a switchover on a monitor that does not lead, naming the one that does.</summary>
    private void EnsureLeading()
    {
        if (_leadership.Current is { IsLeader: false } standing)
        {
            throw new SwitchoverException(
                $"this monitor does not lead the cluster; {(standing.Leader is { } leader ? $"{leader} leads: ask it" : $"no monitor leads now ({standing.Problem ?? "an election is under way"})")}",
                isBadTarget: false);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Logging.EventIds.FollowingLeader, LogLevel.Warning, "Leadership: this monitor only observes; {Leader} leads ({Reason})")]
        public static partial void Following(ILogger logger, string leader, string reason);

        [LoggerMessage(Logging.EventIds.NowLeading, LogLevel.Warning, "Leadership: this monitor leads now; it reads the agreed primary again before acting")]
        public static partial void Leading(ILogger logger);
    }
}
