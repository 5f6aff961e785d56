namespace WebInfra.Topology.Model;

/// <summary>What a component is; the key it has under a server's <c>components</c> in the topology file.</summary>
public enum ComponentKind
{
    /// <summary>HAProxy's role: spreads the site's traffic over the web servers (<c>balancer</c>).</summary>
    Balancer,

    /// <summary>nginx's role: serves the site's files and forwards dynamic requests to application servers (<c>web</c>).</summary>
    Web,

    /// <summary>Runs the site's code (<c>app</c>).</summary>
    App,

    /// <summary>A MariaDB server of the site's database cluster (<c>db</c>).</summary>
    Database,

    /// <summary>
    /// The database monitor (<c>monitor</c>): checks every database node and promotes a replica when the primary fails.
    /// </summary>
    Monitor,

    /// <summary>
    /// keepalived on a balancer's server (<c>vrrp</c>): holds the site's virtual addresses by VRRP, and hands them to
    /// another balancer's server when this balancer or its server fails. Made from the topology's <c>vips</c>, never
    /// declared under a server's <c>components</c>.
    /// </summary>
    Vrrp,

    /// <summary>The site's authoritative DNS server (<c>dns</c>), answering for the zone in the topology's <c>dns</c> section.</summary>
    Dns,

    /// <summary>
    /// A member of the site's etcd cluster (<c>etcd</c>), the consensus store in which several database monitors elect
    /// the one that may act, and record the primary they agreed on.
    /// </summary>
    Etcd,
}
