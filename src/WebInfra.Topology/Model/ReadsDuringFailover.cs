namespace WebInfra.Topology.Model;

/// <summary>
/// What a replica that cannot prove its data fresh does with reads: one whose I/O thread is not connected to its
/// primary (the primary is gone, it is being repointed after a failover, or its link to the primary is down), so its
/// lag is unknown. The topology's <c>database.reads.during_failover</c>.
/// </summary>
public enum ReadsDuringFailover
{
    /// <summary>
    /// <c>stale_ok</c>, the default: such a replica keeps taking reads while its data age (the lag it last reported
    /// plus the time since) is within <see cref="ReadSettings.MaxLag"/>, and takes none past it.
    /// </summary>
    StaleOk,

    /// <summary>
    /// <c>fail</c>: such a replica takes no reads; reads go to the primary when one is writable, and while none is, a
    /// read fails at once (503 with <c>Retry-After</c>) rather than being answered with data nobody can prove fresh.
    /// </summary>
    Fail,
}
