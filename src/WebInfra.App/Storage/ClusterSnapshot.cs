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
    /// its SQL thread running, and no further behind than <paramref name="maxLag"/>. While no node is writable (the
    /// primary is gone, before or without a failover) a read-only node also takes reads when it has applied all it
    /// received, or took reads in <paramref name="previous"/> (within the lag bound then, and applying the rest, or
    /// being promoted): with its primary gone it is as fresh as the cluster can be, and the alternative is no read at
    /// all. Each replica's <see cref="ReplicaContact"/> is carried over, so the age of its data stays known.
    /// </summary>
    /// <param name="nodes">Every node, in the topology's order.</param>
    /// <param name="observations">One observation per node, in the same order.</param>
    /// <param name="maxLag">The lag beyond which a connected replica gets no reads.</param>
    /// <param name="previous">The snapshot this one replaces.</param>
    /// <param name="now">The observation's <see cref="TimeProvider.GetTimestamp"/>.</param>
    public static ClusterSnapshot Build(
        IReadOnlyList<DatabaseServer> nodes,
        IReadOnlyList<NodeObservation> observations,
        TimeSpan maxLag,
        ClusterSnapshot previous,
        long now)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(observations);
        ArgumentNullException.ThrowIfNull(previous);
        if (nodes.Count != observations.Count || nodes.Count != previous.Nodes.Count)
        {
            throw new ArgumentException($"{nodes.Count} nodes but {observations.Count} observations and {previous.Nodes.Count} previous verdicts.", nameof(observations));
        }

        var writable = Enumerable.Range(0, nodes.Count).Where(i => observations[i] is { Reachable: true, ReadOnly: false }).ToList();
        var primary = writable.Count == 0 ? null
            : writable.Where(i => nodes[i] == previous.Primary).Select(i => nodes[i]).FirstOrDefault()
                ?? writable.Where(i => !observations[i].Replicating).Select(i => nodes[i]).FirstOrDefault()
                ?? nodes[writable[0]];

        var maxLagSeconds = (long)maxLag.TotalSeconds;
        var verdicts = new NodeVerdict[nodes.Count];
        var readReplicas = new List<DatabaseServer>(nodes.Count);
        for (var i = 0; i < nodes.Count; i++)
        {
            var (node, seen, was) = (nodes[i], observations[i], previous.Nodes[i]);
            var state = seen switch
            {
                { Reachable: false } => NodeState.Unreachable,
                { ReadOnly: false } => node == primary ? NodeState.Primary : NodeState.ExtraWritable,
                { Replicating: true, SqlThreadRunning: true, SecondsBehindPrimary: { } lag } => lag > maxLagSeconds ? NodeState.Lagging : NodeState.Eligible,
                _ when primary is null && (was.TakesReads || seen is { Replicating: true, AppliedAll: true }) => NodeState.PrimaryLost,
                { Replicating: false } => NodeState.NotReplicating,
                { SqlThreadRunning: false } => NodeState.SqlThreadStopped,
                _ => NodeState.LagUnknown,
            };
            var contact = seen.Reachable && seen.ReadOnly
                ? ReplicaContact.Next(was.Contact, seen.SqlThreadRunning ? seen.SecondsBehindPrimary : null, now)
                : null;
            verdicts[i] = new NodeVerdict(node, state, seen.SecondsBehindPrimary, seen.Error, contact);
            if (verdicts[i].TakesReads)
            {
                readReplicas.Add(node);
            }
        }

        return new ClusterSnapshot(primary, readReplicas, verdicts);
    }
}
