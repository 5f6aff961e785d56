namespace WebInfra.Topology.Model;

/// <summary>The site's database as a whole.</summary>
/// <param name="Name">The schema the application uses.</param>
/// <param name="Replication">How writes reach the replicas.</param>
public sealed record DatabaseSettings(string Name, ReplicationMode Replication)
{
    /// <summary>The schema name used when the topology names none.</summary>
    public const string DefaultName = "foobar";
}
