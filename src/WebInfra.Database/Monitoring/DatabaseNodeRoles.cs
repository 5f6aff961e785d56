namespace WebInfra.Database.Monitoring;

/// <summary>The roles a database node is reported in; one table so the monitor, the CLI and scripts agree.</summary>
public static class DatabaseNodeRoles
{
    /// <summary>The one writable node.</summary>
    public const string Primary = "primary";

    /// <summary>A read-only node replicating from the primary.</summary>
    public const string Replica = "replica";

    /// <summary>A node that answers but is kept out of the cluster (read-only, not replicating); the status says why.</summary>
    public const string Out = "out";

    /// <summary>A node that does not answer.</summary>
    public const string Down = "down";
}
