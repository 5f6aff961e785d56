namespace WebInfra.Database.Monitoring;

/// <summary>The monitor's admin routes, shared by the monitor and the CLI that calls them.</summary>
public static class MonitorAdminPaths
{
    /// <summary><c>GET</c>: the cluster as a <see cref="ClusterStatus"/>.</summary>
    public const string Cluster = "/cluster";

    /// <summary><c>POST ?to=server-2/db</c>: hand the primary role to that replica.</summary>
    public const string Switchover = "/switchover";

    /// <summary>The switchover route with its target.</summary>
    public static string SwitchoverTo(string target) => $"{Switchover}?to={Uri.EscapeDataString(target)}";
}
