namespace WebInfra.Topology.Model;

/// <summary>How a primary that the monitors can no longer vouch for is kept from taking writes (<c>failover.fencing</c>).</summary>
public enum FencingMode
{
    /// <summary>
    /// No lease (one monitor, as before): a primary cut off from the monitor stays writable, and semi-sync falls back to
    /// asynchronous replication on its own after 1 s without an acknowledgement.
    /// </summary>
    Off,

    /// <summary>
    /// The leading monitor renews the primary's lease every check; a primary whose lease runs out makes itself
    /// read-only (a MariaDB event on the node) before any replica can be promoted, and the promotion waits the lease out.
    /// Semi-sync never falls back by itself: the leading monitor degrades the primary explicitly, and holds failover
    /// until a replica has caught up again.
    /// </summary>
    Lease,
}
