using WebInfra.Database.Provisioning;
using WebInfra.Database.Replication;

namespace WebInfra.Database.Monitoring;

/// <summary>
/// Reads the cluster from the nodes themselves, for <c>webinfra db status</c> when no monitor runs: the writable node
/// is the primary, the nodes replicating from it are replicas, any other node that answers is out.
/// </summary>
public sealed class ClusterReader
{
    private static readonly TimeSpan s_checkTimeout = TimeSpan.FromSeconds(2);

    private readonly NodeProbe _probe;

    /// <summary>Creates a reader that acts as the administrator of <paramref name="secrets"/>.</summary>
    public ClusterReader(DatabaseSecrets secrets) => _probe = new NodeProbe(new NodeAdministration(secrets));

    /// <summary>Checks every node once and reports the cluster.</summary>
    /// <param name="nodes">The database nodes, in topology order.</param>
    /// <param name="replication">The replication mode to report (<c>semisync</c> or <c>async</c>).</param>
    /// <param name="cancellationToken">Stops the checks.</param>
    public async Task<ClusterStatus> ReadAsync(IReadOnlyList<DatabaseNode> nodes, string replication, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        var observations = await Task.WhenAll(nodes.Select(n => _probe.CheckAsync(n, s_checkTimeout, cancellationToken)));
        var writable = observations.Where(o => o.Writable).ToList();
        var primary = writable.Count == 1 ? writable[0] : null;
        var statuses = observations.Select(o => (o switch
        {
            { Up: false } => DatabaseNodeStatus.From(o, DatabaseNodeRoles.Down, null),
            _ when o == primary => DatabaseNodeStatus.From(o, DatabaseNodeRoles.Primary, null),
            { Writable: true } => DatabaseNodeStatus.From(o, DatabaseNodeRoles.Out, $"one of {writable.Count} writable nodes"),
            _ when primary is not null && o.ReplicatesFrom(primary.Node) => DatabaseNodeStatus.From(o, DatabaseNodeRoles.Replica, null),
            _ => DatabaseNodeStatus.From(o, DatabaseNodeRoles.Out, o.Replication?.LastError ?? "not replicating from a primary"),
        }).WithErrantAgainst(o, primary)).ToList();
        return new ClusterStatus(primary?.Node.Name, replication, statuses, 0, null, null, Monitored: false);
    }
}
