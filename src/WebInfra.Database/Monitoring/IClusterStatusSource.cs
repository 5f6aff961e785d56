namespace WebInfra.Database.Monitoring;

/// <summary>
/// The monitor's current view of the cluster, for other parts of the monitor process (the dashboard) that would
/// otherwise have to ask its own <c>GET /cluster</c> over HTTP or probe the nodes a second time.
/// </summary>
public interface IClusterStatusSource
{
    /// <summary>The cluster as of the last round of checks.</summary>
    ClusterStatus Snapshot();
}
