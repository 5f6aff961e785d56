namespace WebInfra.App.Storage;

/// <summary>What the app does with a database node, decided from its last observation.</summary>
internal enum NodeState
{
    /// <summary>Not observed yet (start-up): the topology's primary takes everything until the first observation.</summary>
    Unobserved,

    /// <summary>The writable node: takes every write, and reads when no replica is eligible.</summary>
    Primary,

    /// <summary>A read-only node that replicates within the lag bound: takes reads.</summary>
    Eligible,

    /// <summary>Did not answer within the probe timeout, or refused the app.</summary>
    Unreachable,

    /// <summary>Writable although another node is primary (two writable nodes): it gets nothing.</summary>
    ExtraWritable,

    /// <summary>Read-only with no replication configured, such as an old primary not yet repointed.</summary>
    NotReplicating,

    /// <summary>Its SQL thread does not run, so it applies nothing and falls ever further behind.</summary>
    SqlThreadStopped,

    /// <summary><c>Seconds_Behind_Master</c> is NULL (the I/O thread is not connected to its primary) while a primary is writable, so it is falling behind.</summary>
    LagUnknown,

    /// <summary>
    /// No node is writable (the primary is gone) and this read-only node has applied all it received, or took reads
    /// before the primary went: it takes reads, since no node can have fresher data. Its data ages from the moment it
    /// lost its primary (<see cref="NodeVerdict.Contact"/>); a failover ends the state.
    /// </summary>
    PrimaryLost,

    /// <summary>Further behind its primary than <see cref="MessageBoardOptions.MaxReplicaLag"/>.</summary>
    Lagging,
}
