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

    /// <summary>
    /// Its lag is unknown (<c>Seconds_Behind_Master</c> NULL: the I/O thread is not connected to a primary) and it takes
    /// no reads: <c>database.reads.during_failover</c> is <c>fail</c>, or its data is older than
    /// <see cref="MessageBoardOptions.MaxReplicaLag"/>, or of unknown age (never seen in touch with its primary).
    /// </summary>
    LagUnknown,

    /// <summary>
    /// A primary is writable but this replica's I/O thread is not connected to it (its link is down, or it is being
    /// repointed after a failover), and under <c>stale_ok</c> its data age (<see cref="NodeVerdict.DataAgeSeconds"/>) is
    /// still within <see cref="MessageBoardOptions.MaxReplicaLag"/>: it takes stale-ok reads.
    /// </summary>
    CutOff,

    /// <summary>
    /// No node is writable (the primary is gone) and this read-only node has applied all it received, or took reads
    /// before the primary went, and under <c>stale_ok</c> its data age (<see cref="NodeVerdict.DataAgeSeconds"/>) is
    /// still within <see cref="MessageBoardOptions.MaxReplicaLag"/>: it takes stale-ok reads. A failover ends the state.
    /// </summary>
    PrimaryLost,

    /// <summary>Further behind its primary than <see cref="MessageBoardOptions.MaxReplicaLag"/>.</summary>
    Lagging,
}
