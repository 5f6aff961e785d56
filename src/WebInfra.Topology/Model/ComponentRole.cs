namespace WebInfra.Topology.Model;

/// <summary>
/// The part a component plays, as <c>status</c> reports it. A database component is a primary or a replica;
/// the topology gives its role at start-up.
/// </summary>
public enum ComponentRole
{
    /// <summary>A load balancer (<c>balancer</c>).</summary>
    Balancer,

    /// <summary>A web server (<c>web</c>).</summary>
    Web,

    /// <summary>An application server (<c>app</c>).</summary>
    App,

    /// <summary>The database node that takes writes (<c>db-primary</c>).</summary>
    DatabasePrimary,

    /// <summary>A database node that replicates from the primary and serves reads (<c>db-replica</c>).</summary>
    DatabaseReplica,

    /// <summary>The database monitor (<c>monitor</c>).</summary>
    Monitor,

    /// <summary>keepalived, holding or standing by for the site's virtual addresses (<c>vrrp</c>).</summary>
    Vrrp,

    /// <summary>The authoritative DNS server (<c>dns</c>).</summary>
    Dns,

    /// <summary>A member of the site's etcd cluster (<c>etcd</c>).</summary>
    Etcd,
}
