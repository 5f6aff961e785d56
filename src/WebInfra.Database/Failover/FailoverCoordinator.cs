using Microsoft.Extensions.Logging;
using MySqlConnector;
using WebInfra.Database.Monitoring;
using WebInfra.Database.Provisioning;
using WebInfra.Database.Replication;
using WebInfra.Topology.Model;

namespace WebInfra.Database.Failover;

/// <summary>
/// Keeps the cluster at one writable primary. Fed with every round of checks, it counts the primary's failed checks
/// and, at <c>fall</c> in a row, promotes the most advanced replica and repoints the others; between failovers it fences
/// and rejoins the other nodes. Checks, failovers and switchovers take turns on one gate, so no two of them ever act on
/// the cluster at once.
/// </summary>
internal sealed partial class FailoverCoordinator : IClusterStatusSource, IDisposable
{
    /// <summary>How long the chosen replica may take to apply what it received before the promotion is abandoned for this round.</summary>
    private static readonly TimeSpan s_applyTimeout = TimeSpan.FromSeconds(10);

    private readonly IReadOnlyList<DatabaseNode> _nodes;
    private readonly FencingMode _fencing;
    private readonly TimeSpan _lease;
    private readonly DatabaseNode _topologyPrimary;
    private readonly int _fall;
    private readonly string _replication;
    private readonly NodeAdministration _administration;
    private readonly IMonitorLeadership _leadership;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, string> _outReasons = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _errant = new(StringComparer.Ordinal);

    private DatabaseNode? _primary;
    private PrimaryEpoch? _agreed;
    private int _failedChecks;
    private long _firstFailure;
    private int _failovers;
    private DateTimeOffset? _lastFailoverAt;
    private double? _lastFailoverSeconds;
    private IReadOnlyList<NodeObservation> _last = [];
    private Dictionary<string, ReplicaContact> _contacts = new(StringComparer.Ordinal);

    public FailoverCoordinator(
        IReadOnlyList<DatabaseNode> nodes,
        DatabaseNode topologyPrimary,
        int fall,
        string replication,
        FencingMode fencing,
        TimeSpan lease,
        NodeAdministration administration,
        IMonitorLeadership leadership,
        TimeProvider time,
        ILogger<FailoverCoordinator> logger)
    {
        _nodes = nodes;
        _topologyPrimary = topologyPrimary;
        _fall = fall;
        _fencing = fencing;
        _lease = lease;
        _leadingSince = time.GetTimestamp();
        _replication = replication;
        _administration = administration;
        _leadership = leadership;
        _time = time;
        _logger = logger;
    }

    /// <summary>Acts on one round of checks, one observation per node in topology order.</summary>
    public async Task ObserveAsync(IReadOnlyList<NodeObservation> observations, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _last = observations;
            KeepContacts(observations);
            if (!FollowsLeadership(observations))
            {
                return;
            }

            _primary ??= await FindPrimaryAsync(observations, cancellationToken);
            var primary = Of(observations, _primary);
            var ahead = primary is { Up: true, ReadOnly: true } ? PromotionCandidates.Ahead(primary, observations) : [];
            if (primary.Writable)
            {
                HoldLease(primary.Node);
                if (_failedChecks > 0)
                {
                    Log.PrimaryRecovered(_logger, _primary.Name, _failedChecks);
                }

                _failedChecks = 0;
                await KeepSemiSyncAsync(observations, primary, cancellationToken);
            }
            else if (_fencing == FencingMode.Lease && primary is { Up: true, ReadOnly: true } && ahead.Count == 0)
            {
                await ReopenAsync(primary.Node, cancellationToken);
            }
            else
            {
                HoldLease(null);
                if (_failedChecks++ == 0)
                {
                    _firstFailure = _time.GetTimestamp();
                }

                Log.PrimaryCheckFailed(_logger, _primary.Name, _failedChecks, _fall, !primary.Up ? primary.Error ?? "no answer"
                    : ahead.Count == 0 ? "it is read-only"
                    : $"it is read-only and lacks what {string.Join(", ", ahead.Select(a => $"{a.Node.Node.Name} received ({a.Beyond})"))}: its crash recovery cut it, so it takes no writes again");
                if (_failedChecks >= _fall && await FailoverAsync(observations, ahead, cancellationToken))
                {
                    return;
                }
            }

            await InstallFencesAsync(observations, cancellationToken);
            await FenceAndRejoinAsync(observations, primary, cancellationToken);
            ReportErrant(observations, primary);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>The cluster as of the last round of checks.</summary>
    public ClusterStatus Snapshot()
    {
        var (observations, contacts, now, leadership) = (_last, _contacts, _time.GetTimestamp(), _leadership.Current);
        var primary = _primary is null ? null : observations.FirstOrDefault(o => o.Node == _primary);
        var nodes = observations.Select(o => Describe(o, primary).WithErrantAgainst(o, primary) with
        {
            DataAgeSeconds = contacts.TryGetValue(o.Node.Name, out var contact) && o is { Up: true, ReadOnly: true } ? contact.AgeSeconds(now, _time) : null,
        }).ToList();
        return new ClusterStatus(
            primary is { Writable: true } ? primary.Node.Name : null,
            _replication,
            nodes,
            _failovers,
            _lastFailoverAt,
            _lastFailoverSeconds,
            Monitored: true,
            leadership.Leader,
            leadership.Problem)
        {
            Fencing = _fencing == FencingMode.Lease ? "lease" : "off",
            FailoverHeld = _agreed is { Degraded: true } ? $"{_agreed.Node} runs without a replica's acknowledgement (semi-sync degraded): no replica is promoted while it is down, nor one that lacks what it holds, until one has caught up" : null,
        };
    }

    private static NodeObservation Of(IReadOnlyList<NodeObservation> observations, DatabaseNode node) => observations.First(o => o.Node == node);

    /// <summary>
    /// Carries each read-only node's last contact with its primary over to this round, so a cut-off replica's data age
    /// is known. The map is replaced whole, so <see cref="Snapshot"/> reads it from any thread without a lock.
    /// </summary>
    private void KeepContacts(IReadOnlyList<NodeObservation> observations)
    {
        var now = _time.GetTimestamp();
        var previous = _contacts;
        var next = new Dictionary<string, ReplicaContact>(StringComparer.Ordinal);
        foreach (var observation in observations)
        {
            if (observation is { Up: true, ReadOnly: true, Replication: { } replication }
                && ReplicaContact.Next(previous.TryGetValue(observation.Node.Name, out var last) ? last : null, replication.SqlRunning ? replication.SecondsBehindMaster : null, now) is { } contact)
            {
                next[observation.Node.Name] = contact;
            }
        }

        _contacts = next;
    }

    private DatabaseNodeStatus Describe(NodeObservation observation, NodeObservation? primary)
    {
        if (!observation.Up)
        {
            return DatabaseNodeStatus.From(observation, DatabaseNodeRoles.Down, null);
        }

        if (observation.Node == _primary)
        {
            return observation.Writable
                ? DatabaseNodeStatus.From(observation, DatabaseNodeRoles.Primary, null)
                : DatabaseNodeStatus.From(observation, DatabaseNodeRoles.Out, "the primary is read-only; a failover follows after the configured failed checks");
        }

        if (_outReasons.TryGetValue(observation.Node.Name, out var reason))
        {
            return DatabaseNodeStatus.From(observation, DatabaseNodeRoles.Out, reason);
        }

        return primary is not null && observation.ReplicatesFrom(primary.Node)
            ? DatabaseNodeStatus.From(observation, DatabaseNodeRoles.Replica, null)
            : DatabaseNodeStatus.From(observation, DatabaseNodeRoles.Out, $"not replicating from the primary {primary?.Node.Name ?? "(none)"} yet");
    }

    /// <summary>
    /// The primary when the monitor starts: the writable node (the one the record names if several are), else the node
    /// the record names, else the topology's primary. A primary found read-only is made writable again at once under
    /// fencing (<see cref="ReopenAsync"/>); without it, it fails its checks and is replaced (or, when it is still the most
    /// advanced, made writable again) like any failed primary.
    /// </summary>
    private async Task<DatabaseNode> FindPrimaryAsync(IReadOnlyList<NodeObservation> observations, CancellationToken cancellationToken)
    {
        _agreed = await _leadership.ReadPrimaryAsync(cancellationToken);
        var recorded = _agreed?.Node;
        var writable = observations.Where(o => o.Writable).Select(o => o.Node).ToList();
        var primary = writable.FirstOrDefault(n => n.Name == recorded)
            ?? writable.FirstOrDefault()
            ?? _nodes.FirstOrDefault(n => n.Name == recorded)
            ?? _topologyPrimary;
        if (primary.Name != recorded)
        {
            _agreed = await _leadership.RecordPrimaryAsync(primary.Name, _agreed, cancellationToken) ?? _agreed;
        }

        Log.PrimaryFound(_logger, primary.Name, writable.Count > 0 ? "it is writable" : "it was the primary last");
        return primary;
    }

    /// <summary>Promotes the node that holds the most of the failed primary's stream, when that loses nothing; true when one was.</summary>
    /// <param name="observations">This round's checks.</param>
    /// <param name="ahead">The nodes that hold writes of the old primary's own that it lacks (<see cref="PromotionCandidates.Ahead"/>), when it is back.</param>
    /// <param name="cancellationToken">Ends the attempt.</param>
    private async Task<bool> FailoverAsync(IReadOnlyList<NodeObservation> observations, IReadOnlyList<(NodeObservation Node, string Beyond)> ahead, CancellationToken cancellationToken)
    {
        var old = _primary!;
        var oldObservation = Of(observations, old);
        if (_agreed is { Degraded: true } && !oldObservation.Up)
        {
            // It alone may hold writes no replica has, so no replica is promoted while it cannot be compared with them.
            Log.FailoverHeld(_logger, old.Name);
            return false;
        }

        // The candidates stop receiving while the lease runs out, all at once: an IO thread reading from a primary cut
        // off takes a second or more to stop. Stopped first, they acknowledge nothing more, so a primary not yet fenced
        // has its commits wait, never acknowledged, until its fence ends them.
        var stopping = observations
            .Where(o => o.Up && !_outReasons.ContainsKey(o.Node.Name))
            .Select(o => StopReceivingQuietlyAsync(o, cancellationToken))
            .ToList();
        await WaitOutLeaseAsync(old, cancellationToken);
        var candidates = (await Task.WhenAll(stopping)).OfType<(NodeObservation Node, GtidPosition Received)>().ToList();

        var chosen = PromotionCandidates.MostAdvanced(candidates, old.Name);
        if (chosen is null)
        {
            Log.NoCandidate(_logger, old.Name);
            return false;
        }

        if (chosen.Node == old && ahead.Count > 0)
        {
            // The nodes that hold what it lost are kept out: writable again, it would give its next write a GTID they hold.
            Log.PrimaryBehind(_logger, old.Name, string.Join(", ", ahead.Select(a => $"{a.Node.Node.Name} ({a.Beyond})")));
            return false;
        }

        var receivedPosition = candidates.First(c => c.Node == chosen).Received;
        var received = receivedPosition.ToString();
        if (_agreed is { Degraded: true } && chosen.Node != old && !receivedPosition.Contains(oldObservation.Position))
        {
            // Degraded and back, it still holds writes the most advanced replica lacks.
            Log.FailoverHeld(_logger, old.Name);
            return false;
        }

        // A node that already holds all it received has nothing to apply. Waiting would even fail for a node that was
        // primary and never replicated (the site's first primary, after a restart): MASTER_GTID_WAIT compares with
        // gtid_slave_pos, which never holds a node's own transactions.
        if (!chosen.Position.Contains(receivedPosition)
            && !await _administration.WaitForPositionAsync(chosen.Node, received, s_applyTimeout, cancellationToken))
        {
            Log.CandidateNotApplied(_logger, chosen.Node.Name, received, s_applyTimeout);
            return false;
        }

        if (chosen.Node != old)
        {
            if (await _leadership.RecordPrimaryAsync(chosen.Node.Name, _agreed, cancellationToken) is not { } agreed)
            {
                Log.NotRecorded(_logger, chosen.Node.Name);
                _primary = null;
                return false;
            }

            _agreed = agreed;
        }

        await _administration.PromoteAsync(chosen.Node, LeaseToGrant, asynchronous: chosen.Node == old && _agreed is { Degraded: true }, cancellationToken);
        var elapsed = _time.GetElapsedTime(_firstFailure);
        _primary = chosen.Node;
        _failedChecks = 0;
        if (chosen.Node != old)
        {
            _failovers++;
            _lastFailoverAt = _time.GetUtcNow();
            _lastFailoverSeconds = elapsed.TotalSeconds;
            Log.Promoted(_logger, chosen.Node.Name, old.Name, received, elapsed);
        }
        else
        {
            Log.Reopened(_logger, chosen.Node.Name, received);
        }

        await Task.WhenAll(candidates.Where(c => c.Node != chosen).Select(c => RepointQuietlyAsync(c.Node.Node, chosen.Node, cancellationToken)));
        return true;
    }

    /// <summary>
    /// The agreed primary, reachable but read-only under fencing: its lease ran out (while monitors handed leadership
    /// over, or a renewal was late) and it fenced itself, or it was restarted. It is still the primary of the newest epoch
    /// and, when no other node received a transaction it lacks (<see cref="PromotionCandidates.Ahead"/>: its crash
    /// recovery may have cut one), holds every write, so it is made writable again at once, rather than after <c>fall</c>
    /// checks and a failover that would choose it anyway; degraded, it stays asynchronous, and the way back to semi-sync
    /// goes on from there.
    /// </summary>
    private async Task ReopenAsync(DatabaseNode primary, CancellationToken cancellationToken)
    {
        var degraded = _agreed is { Degraded: true };
        await _administration.PromoteAsync(primary, LeaseToGrant, asynchronous: degraded, cancellationToken);
        _failedChecks = 0;
        HoldLease(primary);
        Log.ReopenedAfterLease(_logger, primary.Name, degraded ? " (degraded: asynchronous, as it was)" : string.Empty);
    }

    /// <summary>A candidate with what it received once it stopped receiving (<see cref="StopReceivingAsync"/>), or null when it could not be reached.</summary>
    private async Task<(NodeObservation Node, GtidPosition Received)?> StopReceivingQuietlyAsync(NodeObservation candidate, CancellationToken cancellationToken)
    {
        try
        {
            return (candidate, PromotionCandidates.Received(candidate, await StopReceivingAsync(candidate.Node, cancellationToken)));
        }
        catch (MySqlException exception)
        {
            Log.CandidateUnreachable(_logger, candidate.Node.Name, exception.Message);
            return null;
        }
    }

    /// <summary>Stops a candidate's IO thread, so what it received can no longer change, and returns its <c>Gtid_IO_Pos</c>.</summary>
    private async Task<string?> StopReceivingAsync(DatabaseNode node, CancellationToken cancellationToken)
    {
        await using var connection = await _administration.OpenAsync(node, cancellationToken);
        await using (var stop = new MySqlCommand("STOP SLAVE IO_THREAD", connection))
        {
            await stop.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var command = new MySqlCommand("SHOW SLAVE STATUS", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? SlaveStatusRow.Read(reader).GtidIoPos : null;
    }

    private async Task RepointQuietlyAsync(DatabaseNode replica, DatabaseNode primary, CancellationToken cancellationToken)
    {
        try
        {
            await _administration.RepointAsync(replica, primary, cancellationToken);
            Log.Repointed(_logger, replica.Name, primary.Name);
        }
        catch (MySqlException exception)
        {
            // The next round's rejoin pass tries again.
            Log.RepointFailed(_logger, replica.Name, primary.Name, exception.Message);
        }
    }

    private async Task FenceAndRejoinAsync(IReadOnlyList<NodeObservation> observations, NodeObservation primary, CancellationToken cancellationToken)
    {
        foreach (var node in observations.Where(o => o.Node != _primary))
        {
            var (decision, reason) = Rejoin.Decide(node, primary);
            try
            {
                switch (decision)
                {
                    case RejoinDecision.Fence:
                        Log.Fenced(_logger, node.Node.Name, _primary!.Name);
                        await _administration.FenceAsync(node.Node, cancellationToken);
                        break;
                    case RejoinDecision.Replica:
                        _outReasons.Remove(node.Node.Name);
                        break;
                    case RejoinDecision.Repoint:
                        _outReasons.Remove(node.Node.Name);
                        await _administration.RepointAsync(node.Node, primary.Node, cancellationToken);
                        Log.Rejoined(_logger, node.Node.Name, primary.Node.Name, node.GtidCurrentPos);
                        break;
                    case RejoinDecision.KeepOut:
                        if (_outReasons.TryAdd(node.Node.Name, reason!) || _outReasons[node.Node.Name] != reason)
                        {
                            _outReasons[node.Node.Name] = reason!;
                            Log.KeptOut(_logger, node.Node.Name, reason!);
                        }

                        break;
                    default:
                        break;
                }
            }
            catch (MySqlException exception)
            {
                Log.RejoinFailed(_logger, node.Node.Name, exception.Message);
            }
        }
    }

    /// <summary>Logs each node whose errant transactions (<see cref="ErrantTransactions"/>) appeared or changed since the last round, and each that has none again.</summary>
    private void ReportErrant(IReadOnlyList<NodeObservation> observations, NodeObservation primary)
    {
        foreach (var node in observations.Where(o => o.Up && primary.Writable))
        {
            var errant = string.Join(",", node.ErrantAgainst(primary));
            var before = _errant.GetValueOrDefault(node.Node.Name, string.Empty);
            if (errant == before)
            {
                continue;
            }

            if (errant.Length > 0)
            {
                Log.ErrantFound(_logger, node.Node.Name, errant, primary.Node.Name);
                _errant[node.Node.Name] = errant;
            }
            else
            {
                Log.ErrantGone(_logger, node.Node.Name, before);
                _errant.Remove(node.Node.Name);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Logging.EventIds.ErrantFound, LogLevel.Warning, "Errant transactions: {Node} holds GTIDs {Gtids} that the primary {Primary} does not have; './webinfra db repair {Node}' rebuilds it")]
        public static partial void ErrantFound(ILogger logger, string node, string gtids, string primary);

        [LoggerMessage(Logging.EventIds.ErrantGone, LogLevel.Information, "Errant transactions: {Node} no longer holds GTIDs the primary lacks (it held {Gtids})")]
        public static partial void ErrantGone(ILogger logger, string node, string gtids);

        [LoggerMessage(Logging.EventIds.PrimaryFound, LogLevel.Information, "Monitor starts with {Primary} as the primary: {Why}")]
        public static partial void PrimaryFound(ILogger logger, string primary, string why);

        [LoggerMessage(Logging.EventIds.PrimaryCheckFailed, LogLevel.Warning, "Primary {Primary} failed check {Failed} of {Fall}: {Error}")]
        public static partial void PrimaryCheckFailed(ILogger logger, string primary, int failed, int fall, string error);

        [LoggerMessage(Logging.EventIds.PrimaryRecovered, LogLevel.Information, "Primary {Primary} answers again after {Failed} failed checks")]
        public static partial void PrimaryRecovered(ILogger logger, string primary, int failed);

        [LoggerMessage(Logging.EventIds.CandidateUnreachable, LogLevel.Warning, "Failover: {Node} cannot be a candidate: {Error}")]
        public static partial void CandidateUnreachable(ILogger logger, string node, string error);

        [LoggerMessage(Logging.EventIds.NoCandidate, LogLevel.Error, "Failover: primary {Primary} failed and no replica can take over")]
        public static partial void NoCandidate(ILogger logger, string primary);

        [LoggerMessage(Logging.EventIds.CandidateNotApplied, LogLevel.Error, "Failover: {Node} did not apply the GTIDs {Received} it received within {Timeout}; not promoted this round")]
        public static partial void CandidateNotApplied(ILogger logger, string node, string received, TimeSpan timeout);

        [LoggerMessage(Logging.EventIds.Promoted, LogLevel.Warning, "Failover: promoted {Node} (GTID {Gtid}) in place of {Old}; writable {Elapsed} after the first failed check")]
        public static partial void Promoted(ILogger logger, string node, string old, string gtid, TimeSpan elapsed);

        [LoggerMessage(Logging.EventIds.Reopened, LogLevel.Warning, "{Node} was the primary, came back read-only and is still the most advanced (GTID {Gtid}): writable again")]
        public static partial void Reopened(ILogger logger, string node, string gtid);

        [LoggerMessage(Logging.EventIds.Repointed, LogLevel.Information, "{Replica} now replicates from {Primary}")]
        public static partial void Repointed(ILogger logger, string replica, string primary);

        [LoggerMessage(Logging.EventIds.RepointFailed, LogLevel.Warning, "{Replica} could not be pointed at {Primary}: {Error}")]
        public static partial void RepointFailed(ILogger logger, string replica, string primary, string error);

        [LoggerMessage(Logging.EventIds.Fenced, LogLevel.Warning, "Fencing: {Node} was writable but {Primary} is the primary; set read_only")]
        public static partial void Fenced(ILogger logger, string node, string primary);

        [LoggerMessage(Logging.EventIds.Rejoined, LogLevel.Information, "Rejoin: {Node} (at {Gtid}) now replicates from {Primary}")]
        public static partial void Rejoined(ILogger logger, string node, string primary, string gtid);

        [LoggerMessage(Logging.EventIds.KeptOut, LogLevel.Warning, "Rejoin: {Node} stays out: {Reason}")]
        public static partial void KeptOut(ILogger logger, string node, string reason);

        [LoggerMessage(Logging.EventIds.SwitchedOver, LogLevel.Warning, "Switchover: {Node} is the primary in place of {Old} (GTID {Gtid}); writes paused {Paused}")]
        public static partial void SwitchedOver(ILogger logger, string node, string old, string gtid, TimeSpan paused);

        [LoggerMessage(Logging.EventIds.ReopenedAfterLease, LogLevel.Warning, "Lease: the primary {Primary} fenced itself (its lease ran out) and is made writable again{Degraded}")]
        public static partial void ReopenedAfterLease(ILogger logger, string primary, string degraded);

        [LoggerMessage(Logging.EventIds.FailoverHeld, LogLevel.Error, "Failover: {Primary} failed while it ran degraded (asynchronous); it may hold writes no replica has, so none is promoted while it is down or while the most advanced replica lacks what it holds")]
        public static partial void FailoverHeld(ILogger logger, string primary);

        [LoggerMessage(Logging.EventIds.PrimaryBehind, LogLevel.Error, "Failover: {Primary} lacks writes of its own that {Nodes} received, and none of them can be promoted: it is not made writable again; rebuild them or it ('webinfra db repair')")]
        public static partial void PrimaryBehind(ILogger logger, string primary, string nodes);

        [LoggerMessage(Logging.EventIds.FenceNotInstalled, LogLevel.Warning, "Fencing: the fence could not be installed on {Node}: {Error}")]
        public static partial void FenceNotInstalled(ILogger logger, string node, string error);

        [LoggerMessage(Logging.EventIds.LeaseNotRenewed, LogLevel.Warning, "Lease: the lease of the primary {Primary} could not be renewed: {Error}")]
        public static partial void LeaseNotRenewed(ILogger logger, string primary, string error);

        [LoggerMessage(Logging.EventIds.WaitingOutLease, LogLevel.Warning, "Failover: waiting {Remaining} for {Primary} to fence itself (its lease runs out) before promoting")]
        public static partial void WaitingOutLease(ILogger logger, string primary, TimeSpan remaining);

        [LoggerMessage(Logging.EventIds.Degraded, LogLevel.Error, "Semi-sync: {Primary} now acknowledges writes alone (asynchronous), because {Why}; failover is held until a replica has caught up")]
        public static partial void Degraded(ILogger logger, string primary, string why);

        [LoggerMessage(Logging.EventIds.SemiSyncEnabledAgain, LogLevel.Warning, "Semi-sync: {Primary} is switched back on and {Replicas} connect again; failover stays held until one has caught up")]
        public static partial void SemiSyncEnabledAgain(ILogger logger, string primary, string replicas);

        [LoggerMessage(Logging.EventIds.Restored, LogLevel.Warning, "Semi-sync: {Primary} waits for a replica again ({Replica} caught up); failover is allowed again")]
        public static partial void Restored(ILogger logger, string primary, string replica);

        [LoggerMessage(Logging.EventIds.SemiSyncNotChanged, LogLevel.Warning, "Semi-sync: could not change {Primary}: {Error}")]
        public static partial void SemiSyncNotChanged(ILogger logger, string primary, string error);

        [LoggerMessage(Logging.EventIds.NotRecorded, LogLevel.Warning, "Failover: {Node} not promoted: the leadership or the agreed primary changed meanwhile")]
        public static partial void NotRecorded(ILogger logger, string node);

        [LoggerMessage(Logging.EventIds.RejoinFailed, LogLevel.Warning, "Rejoin: acting on {Node} failed: {Error}")]
        public static partial void RejoinFailed(ILogger logger, string node, string error);
    }
}
