using WebInfra.Database.Replication;

namespace WebInfra.App.Storage;

/// <summary>
/// Which node takes writes and which take reads, as of the last observation of every node. Immutable, so the
/// request path reads it without locks and never probes a node itself; <see cref="DatabaseClusterView"/>
/// replaces it whole.
/// </summary>
internal sealed class ClusterSnapshot
{
    private ClusterSnapshot(DatabaseServer? primary, IReadOnlyList<DatabaseServer> readReplicas, IReadOnlyList<NodeVerdict> nodes)
    {
        Primary = primary;
        ReadReplicas = readReplicas;
        Nodes = nodes;
    }

    /// <summary>The writable node, or null while none is (a failover in progress): then writes get 503.</summary>
    public DatabaseServer? Primary { get; }

    /// <summary>The nodes that take reads (<see cref="NodeVerdict.TakesReads"/>), in the topology's order; empty means reads go to the primary.</summary>
    public IReadOnlyList<DatabaseServer> ReadReplicas { get; }

    /// <summary>Every node's verdict, in the topology's order.</summary>
    public IReadOnlyList<NodeVerdict> Nodes { get; }

    /// <summary>True when some node could take reads off the primary, so a read on the primary is a fallback rather than the design.</summary>
    public bool HasReplicaNodes => Nodes.Count > 1;

    /// <summary>Before the first observation: the topology's primary takes writes and reads, no replica is trusted yet.</summary>
    public static ClusterSnapshot Initial(IReadOnlyList<DatabaseServer> nodes, DatabaseServer initialPrimary)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        return new ClusterSnapshot(initialPrimary, [], [.. nodes.Select(n => new NodeVerdict(n, NodeState.Unobserved))]);
    }

    /// <summary>
    /// Decides from one observation of every node, following on from <paramref name="previous"/>. The primary is the
    /// writable node; should two be writable, the previous primary keeps the role when it is one of them, else a node
    /// that does not replicate, else the first. A replica takes reads when it is reachable, read-only, replicating with
    /// its SQL thread running, and no further behind than <see cref="ReadRules.MaxLag"/>. A replica cut off from its
    /// primary, whose lag is unknown, is decided by <see cref="ReadRules.ServesStale"/> from its data age (the lag it
    /// last reported plus the time since: <see cref="ReplicaContact"/>): one whose I/O thread is not connected (the
    /// primary is gone, its link is down, or it is being repointed after a failover) with its SQL thread running; and
    /// while no node is writable (before or without a failover), one that has applied all it received, or took reads in
    /// <paramref name="previous"/> (and is being promoted). Each replica's <see cref="ReplicaContact"/> is carried over,
    /// so the age of its data stays known.
    /// </summary>
    /// <param name="nodes">Every node, in the topology's order.</param>
    /// <param name="observations">One observation per node, in the same order.</param>
    /// <param name="rules">The lag bound, and what a replica whose lag is unknown does.</param>
    /// <param name="previous">The snapshot this one replaces.</param>
    /// <param name="now">The observation's <see cref="TimeProvider.GetTimestamp"/>.</param>
    /// <param name="time">The clock <paramref name="now"/> was read from, to age each cut-off replica's data.</param>
    public static ClusterSnapshot Build(
        IReadOnlyList<DatabaseServer> nodes,
        IReadOnlyList<NodeObservation> observations,
        ReadRules rules,
        ClusterSnapshot previous,
        long now,
        TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(observations);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(time);
        if (nodes.Count != observations.Count || nodes.Count != previous.Nodes.Count)
        {
            throw new ArgumentException($"{nodes.Count} nodes but {observations.Count} observations and {previous.Nodes.Count} previous verdicts.", nameof(observations));
        }

        var writable = Enumerable.Range(0, nodes.Count).Where(i => observations[i] is { Reachable: true, ReadOnly: false }).ToList();
        var primary = writable.Count == 0 ? null
            : writable.Where(i => nodes[i] == previous.Primary).Select(i => nodes[i]).FirstOrDefault()
                ?? writable.Where(i => !observations[i].Replicating).Select(i => nodes[i]).FirstOrDefault()
                ?? nodes[writable[0]];

        var maxLagSeconds = (long)rules.MaxLag.TotalSeconds;
        var verdicts = new NodeVerdict[nodes.Count];
        var readReplicas = new List<DatabaseServer>(nodes.Count);
        for (var i = 0; i < nodes.Count; i++)
        {
            var (node, seen, was) = (nodes[i], observations[i], previous.Nodes[i]);
            var contact = seen.Reachable && seen.ReadOnly
                ? ReplicaContact.Next(was.Contact, seen.SqlThreadRunning ? seen.SecondsBehindPrimary : null, now)
                : null;
            // Cut off from its primary: its I/O thread is not connected (so its lag is unknown) while its SQL thread
            // applies; or, with no node writable, it holds all it received, or took reads and is being promoted.
            var cutOff = seen is { Replicating: true, SqlThreadRunning: true, SecondsBehindPrimary: null }
                || (primary is null && (was.TakesReads || seen is { Replicating: true, AppliedAll: true }));
            var dataAge = contact?.AgeSeconds(now, time);
            var state = seen switch
            {
                { Reachable: false } => NodeState.Unreachable,
                { ReadOnly: false } => node == primary ? NodeState.Primary : NodeState.ExtraWritable,
                { Replicating: true, SqlThreadRunning: true, SecondsBehindPrimary: { } lag } => lag > maxLagSeconds ? NodeState.Lagging : NodeState.Eligible,
                _ when cutOff && rules.ServesStale(dataAge) => primary is null ? NodeState.PrimaryLost : NodeState.CutOff,
                _ when cutOff => NodeState.LagUnknown,
                { Replicating: false } => NodeState.NotReplicating,
                _ => NodeState.SqlThreadStopped,
            };
            verdicts[i] = new NodeVerdict(node, state, seen.SecondsBehindPrimary, seen.Error, contact, dataAge);
            if (verdicts[i].TakesReads)
            {
                readReplicas.Add(node);
            }
        }

        return new ClusterSnapshot(primary, readReplicas, verdicts);
    }
}
