namespace WebInfra.Monitoring.Dashboard;

/// <summary>How much an event matters, as the log colours it.</summary>
internal static class Severities
{
    /// <summary>A change for the better, or routine.</summary>
    public const string Info = "info";

    /// <summary>Capacity lost, nothing failed yet.</summary>
    public const string Warning = "warning";

    /// <summary>A component down, a failover.</summary>
    public const string Critical = "critical";
}
