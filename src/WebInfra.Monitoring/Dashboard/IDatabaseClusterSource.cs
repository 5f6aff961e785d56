namespace WebInfra.Monitoring.Dashboard;

/// <summary>
/// Where the dashboard reads the database cluster from: the monitor process already knows every node's role, lag and
/// GTID position, so the dashboard asks it in process rather than probing the nodes a second time. The component that
/// hosts both registers an implementation; without one the dashboard shows the database nodes as unknown.
/// </summary>
public interface IDatabaseClusterSource
{
    /// <summary>The cluster as of the monitor's last round of checks.</summary>
    DatabaseClusterView Current();
}
