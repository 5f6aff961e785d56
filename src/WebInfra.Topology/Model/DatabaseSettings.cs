namespace WebInfra.Topology.Model;

/// <summary>The site's database as a whole: its schema, how writes reach the replicas, failover and reads.</summary>
/// <param name="Name">The schema the application uses.</param>
/// <param name="Replication">How writes reach the replicas.</param>
/// <param name="Failover">How the database monitor decides that the primary is gone.</param>
/// <param name="Reads">Which replicas the application reads from.</param>
public sealed record DatabaseSettings(string Name, ReplicationMode Replication, FailoverSettings Failover, ReadSettings Reads)
{
    /// <summary>
    /// Whether every node serves TLS with its server's internal certificate and refuses connections without it, and
    /// every client (application, monitor, replication, WebInfra's own tools) verifies the node against the internal
    /// CA. False (the default) keeps database traffic plain.
    /// </summary>
    public bool Tls { get; init; }

    /// <summary>The ports of the database endpoints on every server that runs the user's application.</summary>
    public DatabaseEndpoints Endpoints { get; init; } = DatabaseEndpoints.Default;

    /// <summary>
    /// The absolute path of an SQL file WebInfra runs on the primary, as the administrator, when it provisions the
    /// database (the user's tables: the application's own account may only read and write rows); null for none. Its
    /// statements run on every <c>up</c> of a new cluster, so they must be idempotent (<c>CREATE TABLE IF NOT EXISTS</c>).
    /// </summary>
    public string? SchemaFile { get; init; }

    /// <summary>Where <see cref="SchemaFile"/> is written, for errors about it.</summary>
    public SourceLocation? SchemaLocation { get; init; }

    /// <summary>The schema name used when the topology names none.</summary>
    public const string DefaultName = "foobar";

    /// <summary>Schema <see cref="DefaultName"/>, semi-synchronous replication, default failover and read settings.</summary>
    public static DatabaseSettings Default { get; } = new(DefaultName, ReplicationMode.SemiSync, FailoverSettings.Default, ReadSettings.Default);
}
