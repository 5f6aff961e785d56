namespace WebInfra.Database.Provisioning;

/// <summary>
/// What a database node does in the cluster. The role decides how mariadbd is started
/// (a replica is read-only, so only replication and administrators can change its data).
/// </summary>
public enum DatabaseRole
{
    /// <summary>Accepts the application's writes and writes them to its binary log for the replicas.</summary>
    Primary,

    /// <summary>Applies the primary's GTID stream and serves reads; started read-only so the application cannot write to it.</summary>
    Replica,
}
