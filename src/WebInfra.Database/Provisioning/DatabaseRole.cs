namespace WebInfra.Database.Provisioning;

/// <summary>
/// The role the topology gives a database node at the site's first bootstrap. Every node starts read-only whatever
/// its role; after the first bootstrap the database monitor decides which node is the primary (the writable one).
/// </summary>
public enum DatabaseRole
{
    /// <summary>Made writable at the first bootstrap: accepts the application's writes and logs them for the replicas.</summary>
    Primary,

    /// <summary>Applies the primary's GTID stream and serves reads; read-only, so the application cannot write to it.</summary>
    Replica,
}
