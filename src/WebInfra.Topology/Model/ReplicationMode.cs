namespace WebInfra.Topology.Model;

/// <summary>How the primary ships writes to replicas.</summary>
public enum ReplicationMode
{
    /// <summary>The primary acknowledges a commit without waiting for a replica; a crash of the primary can lose the newest writes.</summary>
    Async,

    /// <summary>
    /// Lossless semi-synchronous replication (AFTER_SYNC): the primary acknowledges a commit only once a replica has
    /// received it, so a failover to the most advanced replica loses no acknowledged write. The default.
    /// </summary>
    SemiSync,
}
