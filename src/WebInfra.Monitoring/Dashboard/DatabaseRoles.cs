namespace WebInfra.Monitoring.Dashboard;

/// <summary>The database roles the monitor reports (its <c>DatabaseNodeRoles</c>), as the dashboard reads them.</summary>
internal static class DatabaseRoles
{
    /// <summary>The one writable node.</summary>
    public const string Primary = "primary";

    /// <summary>A read-only node replicating from the primary.</summary>
    public const string Replica = "replica";

    /// <summary>Answers but is kept out of the cluster.</summary>
    public const string Out = "out";

    /// <summary>Does not answer.</summary>
    public const string Down = "down";
}
