namespace WebInfra.Topology.Model;

/// <summary>The site's database as a whole: its schema, how writes reach the replicas, failover and reads.</summary>
/// <param name="Name">The schema the application uses.</param>
/// <param name="Replication">How writes reach the replicas.</param>
/// <param name="Failover">How the database monitor decides that the primary is gone.</param>
/// <param name="Reads">Which replicas the application reads from.</param>
public sealed record DatabaseSettings(string Name, ReplicationMode Replication, FailoverSettings Failover, ReadSettings Reads)
{
    /// <summary>The schema name used when the topology names none.</summary>
    public const string DefaultName = "foobar";

    /// <summary>Schema <see cref="DefaultName"/>, semi-synchronous replication, default failover and read settings.</summary>
    public static DatabaseSettings Default { get; } = new(DefaultName, ReplicationMode.SemiSync, FailoverSettings.Default, ReadSettings.Default);
}
