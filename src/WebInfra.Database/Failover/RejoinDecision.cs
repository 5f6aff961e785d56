namespace WebInfra.Database.Failover;

/// <summary>What to do with a node that is not the primary, decided from one check of it and of the primary.</summary>
internal enum RejoinDecision
{
    /// <summary>Nothing: it is down, or the primary is not writable, so there is nothing to join.</summary>
    Wait,

    /// <summary>It replicates from the primary: a replica.</summary>
    Replica,

    /// <summary>It takes writes but is not the primary: make it read-only at once.</summary>
    Fence,

    /// <summary>It holds nothing the primary lacks and does not replicate from it: make it a replica of the primary.</summary>
    Repoint,

    /// <summary>It holds transactions the primary does not have, or its replication from the primary failed: keep it out, read-only.</summary>
    KeepOut,
}
