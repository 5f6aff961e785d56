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

    /// <summary>The replicas eligible for reads, in the topology's order; empty means reads go to the primary.</summary>
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
    /// Decides from one observation of every node. The primary is the writable node; should two be writable, the
    /// previous primary keeps the role when it is one of them, else a node that does not replicate, else the first.
    /// A replica is eligible for reads when it is reachable, read-only, replicating with its SQL thread running, and
    /// no further behind than <paramref name="maxLag"/> (a NULL lag counts as too far).
    /// </summary>
    public static ClusterSnapshot Build(
        IReadOnlyList<DatabaseServer> nodes,
        IReadOnlyList<NodeObservation> observations,
        TimeSpan maxLag,
        DatabaseServer? previousPrimary)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(observations);
        if (nodes.Count != observations.Count)
        {
            throw new ArgumentException($"{nodes.Count} nodes but {observations.Count} observations.", nameof(observations));
        }

        var writable = Enumerable.Range(0, nodes.Count).Where(i => observations[i] is { Reachable: true, ReadOnly: false }).ToList();
        var primary = writable.Count == 0 ? null
            : writable.Where(i => nodes[i] == previousPrimary).Select(i => nodes[i]).FirstOrDefault()
                ?? writable.Where(i => !observations[i].Replicating).Select(i => nodes[i]).FirstOrDefault()
                ?? nodes[writable[0]];

        var maxLagSeconds = (long)maxLag.TotalSeconds;
        var verdicts = new NodeVerdict[nodes.Count];
        var readReplicas = new List<DatabaseServer>(nodes.Count);
        for (var i = 0; i < nodes.Count; i++)
        {
            var (node, seen) = (nodes[i], observations[i]);
            var state = seen switch
            {
                { Reachable: false } => NodeState.Unreachable,
                { ReadOnly: false } => node == primary ? NodeState.Primary : NodeState.ExtraWritable,
                { Replicating: false } => NodeState.NotReplicating,
                { SqlThreadRunning: false } => NodeState.SqlThreadStopped,
                { SecondsBehindPrimary: null } => NodeState.LagUnknown,
                { SecondsBehindPrimary: var lag } when lag > maxLagSeconds => NodeState.Lagging,
                _ => NodeState.Eligible,
            };
            verdicts[i] = new NodeVerdict(node, state, seen.SecondsBehindPrimary, seen.Error);
            if (state == NodeState.Eligible)
            {
                readReplicas.Add(node);
            }
        }

        return new ClusterSnapshot(primary, readReplicas, verdicts);
    }
}
