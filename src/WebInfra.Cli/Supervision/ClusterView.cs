using WebInfra.Database.Monitoring;
using WebInfra.Database.Provisioning;
using WebInfra.Topology.Model;

namespace WebInfra.Cli.Supervision;

/// <summary>
/// The database cluster as it is now, which after a failover or switchover is not the topology's: from the first
/// monitor that answers, else read from the nodes themselves.
/// </summary>
internal static class ClusterView
{
    public static async Task<ClusterStatus> ReadAsync(Topology.Model.Topology topology, StateDirectory state, CancellationToken cancellationToken)
    {
        if (await MonitorAdminClient.GetClusterFromAnyAsync([.. topology.Monitors], cancellationToken) is { } cluster)
        {
            return cluster;
        }

        var secrets = new DatabaseCluster(topology, state).Secrets;
        return await new ClusterReader(secrets).ReadAsync(
            TopologyDatabaseNodes.All(topology, state.Path), DatabaseMonitorExtensions.ReplicationName(topology.EffectiveReplication), cancellationToken);
    }

    /// <summary>The role a database node plays now: the primary is the writable node; every other node is (or will rejoin as) a replica.</summary>
    public static ComponentRole RoleOf(ClusterStatus cluster, Component component) =>
        cluster.Primary == component.Name ? ComponentRole.DatabasePrimary : ComponentRole.DatabaseReplica;
}
