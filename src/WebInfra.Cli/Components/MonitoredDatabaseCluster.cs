using WebInfra.Database.Monitoring;
using WebInfra.Monitoring.Dashboard;

namespace WebInfra.Cli.Components;

/// <summary>
/// Hands the database monitor's view of the cluster to the dashboard running in the same process; the two libraries
/// do not know each other, so the component that hosts both translates.
/// </summary>
internal sealed class MonitoredDatabaseCluster(IClusterStatusSource monitor) : IDatabaseClusterSource
{
    public DatabaseClusterView Current()
    {
        var cluster = monitor.Snapshot();
        return new DatabaseClusterView(
            cluster.Primary,
            cluster.Replication,
            [.. cluster.Nodes.Select(n => new DatabaseNodeView(
                n.Name,
                n.Address,
                n.Role,
                n.ReadOnly,
                n.SecondsBehindMaster,
                n.IoRunning is { } io && n.SqlRunning is { } sql ? io && sql : null,
                n.GtidCurrentPos,
                n.Reason,
                n.DataAgeSeconds,
                n.CutOff,
                n.ErrantGtids))],
            cluster.Failovers,
            cluster.LastFailoverSeconds,
            cluster.Leader,
            cluster.LeadershipProblem);
    }
}
