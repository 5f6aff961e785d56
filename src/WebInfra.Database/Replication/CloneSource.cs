using WebInfra.Database.Monitoring;

namespace WebInfra.Database.Replication;

/// <summary>
/// Which running node a new node of a running cluster is cloned from: a replica in touch with the primary (both
/// replication threads running; the least behind, then the first in topology order), so the primary spends nothing
/// on the copy; the primary itself only when no replica is healthy. The new node then replicates from the primary.
/// </summary>
/// <param name="Primary">The current primary, which the new node will replicate from.</param>
/// <param name="Source">The node to copy.</param>
/// <param name="IsReplica">True when <paramref name="Source"/> is a replica rather than the primary.</param>
public sealed record CloneSource(string Primary, string Source, bool IsReplica)
{
    /// <summary>The source to clone from in <paramref name="cluster"/>, or null when no node is the primary (the cluster does not run).</summary>
    public static CloneSource? Choose(ClusterStatus cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        if (cluster.Primary is not { } primary)
        {
            return null;
        }

        var replica = cluster.Nodes
            .Where(n => n.Role == DatabaseNodeRoles.Replica && n.IoRunning == true && n.SqlRunning == true && n.SecondsBehindMaster is not null)
            .MinBy(n => n.SecondsBehindMaster);
        return replica is null ? new CloneSource(primary, primary, IsReplica: false) : new CloneSource(primary, replica.Name, IsReplica: true);
    }
}
