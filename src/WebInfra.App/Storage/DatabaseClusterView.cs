using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MySqlConnector;
using WebInfra.App.Diagnostics;
using WebInfra.Database.Connections;
using WebInfra.Database.Replication;
using ReplicationPosition = WebInfra.Database.Replication.GtidPosition;

namespace WebInfra.App.Storage;

/// <summary>
/// The app's current idea of the database cluster: a <see cref="ClusterSnapshot"/> rebuilt from an observation of
/// every node (<c>@@read_only</c> and <c>SHOW SLAVE STATUS</c>), so the app follows a failover without a restart
/// and without asking anyone. <see cref="DatabaseClusterObserver"/> refreshes it periodically; a write that finds
/// the primary gone refreshes it at once. Each change (new primary, a replica in or out of reads, a node
/// unreachable or back) is logged once, never per request.
/// </summary>
internal sealed partial class DatabaseClusterView : IDisposable
{
    // SHOW, not SELECT @@read_only: an observation must not count as a read (Com_select) on the node it watches.
    private const string ProbeSql = "SHOW GLOBAL VARIABLES WHERE Variable_name IN ('read_only', 'gtid_current_pos'); SHOW SLAVE STATUS";

    private readonly MessageBoardDatabase _database;
    private readonly ReadRules _rules;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<DatabaseClusterView> _logger;
    private readonly CancellationTokenSource _disposed = new();
    private readonly Lock _lock = new();
    private volatile ClusterSnapshot _current;
    private Task<ClusterSnapshot>? _observation;
    private long _observationStartedAt;

    public DatabaseClusterView(MessageBoardDatabase database, IOptions<MessageBoardOptions> options, TimeProvider timeProvider, ILogger<DatabaseClusterView> logger)
    {
        _database = database;
        _rules = new ReadRules(options.Value.MaxReplicaLag, options.Value.ReadsDuringFailover);
        _timeProvider = timeProvider;
        _logger = logger;
        _current = ClusterSnapshot.Initial(database.Nodes, database.InitialPrimary);
    }

    /// <summary>The latest snapshot; what every request uses.</summary>
    public ClusterSnapshot Current => _current;

    /// <summary>
    /// Raised after each observation with the snapshot it replaced and the new one, on the observing thread: a handler
    /// must be quick and must not throw.
    /// </summary>
    public event Action<ClusterSnapshot, ClusterSnapshot>? Published;

    /// <summary>
    /// Observes every node and publishes the new snapshot. Callers at the same time share one observation, but
    /// one that started before this call is not trusted to have seen what made the caller ask (a primary that
    /// just refused a write), so the caller then waits for the next.
    /// </summary>
    public async Task<ClusterSnapshot> RefreshAsync(CancellationToken cancellationToken)
    {
        var requestedAt = _timeProvider.GetTimestamp();
        while (true)
        {
            Task<ClusterSnapshot> observation;
            long startedAt;
            lock (_lock)
            {
                if (_observation is null || _observation.IsCompleted)
                {
                    _observationStartedAt = _timeProvider.GetTimestamp();
                    _observation = ObserveAndPublishAsync(_disposed.Token);
                }

                (observation, startedAt) = (_observation, _observationStartedAt);
            }

            var snapshot = await observation.WaitAsync(cancellationToken);
            if (startedAt >= requestedAt)
            {
                return snapshot;
            }
        }
    }

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
    }

    private async Task<ClusterSnapshot> ObserveAndPublishAsync(CancellationToken cancellationToken)
    {
        var nodes = _database.Nodes;
        var observations = await Task.WhenAll(nodes.Select(n => ProbeAsync(n, cancellationToken)));
        cancellationToken.ThrowIfCancellationRequested();
        var previous = _current;
        var now = _timeProvider.GetTimestamp();
        var next = ClusterSnapshot.Build(nodes, observations, _rules, previous, now, _timeProvider);
        _current = next;
        LogChanges(previous, next);
        Published?.Invoke(previous, next);
        return next;
    }

    private static async Task<NodeObservation> ProbeAsync(DatabaseServer node, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(MessageBoardDatabase.ProbeTimeout);
        try
        {
            await using var connection = await node.ProbeDataSource.OpenConnectionAsync(timeout.Token);
            await using var command = new MySqlCommand(ProbeSql, connection);
            await using var reader = await command.ExecuteReaderAsync(timeout.Token);
            var variables = await ShowPairs.ReadAsync(reader, timeout.Token);
            var readOnly = ShowPairs.ReadOnly(variables);
            if (!await reader.NextResultAsync(timeout.Token) || !await reader.ReadAsync(timeout.Token))
            {
                return new NodeObservation(Reachable: true, ReadOnly: readOnly, Replicating: false, IoThreadRunning: false, SqlThreadRunning: false, SecondsBehindPrimary: null);
            }

            var replication = SlaveStatusRow.Read(reader);
            return new NodeObservation(
                Reachable: true,
                ReadOnly: readOnly,
                Replicating: true,
                IoThreadRunning: replication.IoRunning,
                SqlThreadRunning: replication.SqlRunning,
                SecondsBehindPrimary: replication.SecondsBehindMaster,
                AppliedAll: ReplicationPosition.Parse(variables.GetValueOrDefault("gtid_current_pos"))
                    .Contains(ReplicationPosition.Parse(replication.GtidIoPos)));
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Whatever went wrong (refused, timed out, an answer that cannot be read), the node cannot be trusted
            // with queries; the observer must keep running, so nothing here may escape.
            return NodeObservation.Unreachable(ex is OperationCanceledException
                ? $"no answer within {MessageBoardDatabase.ProbeTimeout.TotalSeconds} s"
                : ex.Message);
        }
    }

    private void LogChanges(ClusterSnapshot previous, ClusterSnapshot next)
    {
        if (previous.Nodes[0].State == NodeState.Unobserved && next.Primary is not null)
        {
            Log.PrimaryFound(_logger, next.Primary.Name);
        }
        else if (next.Primary is null && previous.Primary is not null)
        {
            Log.NoWritableNode(_logger, previous.Primary.Name);
        }
        else if (next.Primary is not null && next.Primary != previous.Primary)
        {
            Log.PrimaryChanged(_logger, next.Primary.Name, previous.Primary?.Name ?? "none");
        }

        for (var i = 0; i < next.Nodes.Count; i++)
        {
            var (was, now) = (previous.Nodes[i], next.Nodes[i]);
            if (was.State == now.State)
            {
                continue;
            }

            if (now.State == NodeState.Unreachable)
            {
                Log.DatabaseNodeUnreachable(_logger, now.Node.Name, now.Error);
            }
            else if (was.State == NodeState.Unreachable)
            {
                Log.DatabaseNodeReachable(_logger, now.Node.Name);
            }

            if (now.State == NodeState.Eligible)
            {
                Log.ReplicaEligible(_logger, now.Node.Name);
            }
            else if (now.State == NodeState.PrimaryLost)
            {
                Log.ReplicaServesWithoutPrimary(_logger, now.Node.Name, now.Reason(_rules));
            }
            else if (now.State == NodeState.CutOff)
            {
                Log.ReplicaServesStaleOk(_logger, now.Node.Name, now.Reason(_rules));
            }
            else if (now.State is not (NodeState.Primary or NodeState.Unreachable))
            {
                Log.ReplicaIneligible(_logger, now.Node.Name, now.Reason(_rules));
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.DatabaseNodeUnreachable, LogLevel.Warning, "Database node {Node} is unreachable: {Error}")]
        public static partial void DatabaseNodeUnreachable(ILogger logger, string node, string? error);

        [LoggerMessage(EventIds.DatabaseNodeReachable, LogLevel.Information, "Database node {Node} is reachable again")]
        public static partial void DatabaseNodeReachable(ILogger logger, string node);

        [LoggerMessage(EventIds.PrimaryFound, LogLevel.Information, "Database primary is {Node}")]
        public static partial void PrimaryFound(ILogger logger, string node);

        [LoggerMessage(EventIds.PrimaryChanged, LogLevel.Warning, "Database primary is now {Node} (was {Previous}); writes go there")]
        public static partial void PrimaryChanged(ILogger logger, string node, string previous);

        [LoggerMessage(EventIds.NoWritableNode, LogLevel.Warning, "No database node is writable (primary was {Previous}); writes get 503 until one is")]
        public static partial void NoWritableNode(ILogger logger, string previous);

        [LoggerMessage(EventIds.ReplicaEligible, LogLevel.Information, "Database replica {Node} takes reads")]
        public static partial void ReplicaEligible(ILogger logger, string node);

        [LoggerMessage(EventIds.ReplicaServesWithoutPrimary, LogLevel.Warning, "No database node is writable; replica {Node} takes reads with the data it has: {Reason}")]
        public static partial void ReplicaServesWithoutPrimary(ILogger logger, string node, string reason);

        [LoggerMessage(EventIds.ReplicaServesStaleOk, LogLevel.Warning, "Database replica {Node} is cut off from the primary and takes stale-ok reads: {Reason}")]
        public static partial void ReplicaServesStaleOk(ILogger logger, string node, string reason);

        [LoggerMessage(EventIds.ReplicaIneligible, LogLevel.Warning, "Database node {Node} gets no reads: {Reason}")]
        public static partial void ReplicaIneligible(ILogger logger, string node, string reason);
    }
}
