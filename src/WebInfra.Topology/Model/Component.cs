using System.Net;

namespace WebInfra.Topology.Model;

/// <summary>
/// One process of the site: a balancer, web server, application server or database node, running on a
/// <see cref="Server"/> and listening on that server's address at its own port.
/// </summary>
public sealed record Component
{
    /// <summary>The server the component runs on.</summary>
    public required string ServerName { get; init; }

    /// <summary>What the component is.</summary>
    public required ComponentKind Kind { get; init; }

    /// <summary>The role it starts with; for a database node, primary or replica.</summary>
    public required ComponentRole Role { get; init; }

    /// <summary>The server's address, which the component binds to.</summary>
    public required IPAddress Address { get; init; }

    /// <summary>The port it listens on.</summary>
    public required int Port { get; init; }

    /// <summary>
    /// For the components WebInfra runs itself (not database nodes): the port of the admin listener on the same address,
    /// which serves operators and tools (backend state, drain) and never the site's visitors.
    /// </summary>
    public int? AdminPort { get; init; }

    /// <summary>For a balancer or web server: the backend it forwards to.</summary>
    public string? Backend { get; init; }

    /// <summary>The balancer's HTTPS port, where it terminates TLS; its plain <see cref="Port"/> then only redirects there.</summary>
    public int? HttpsPort { get; init; }

    /// <summary>The HTTPS listener, when the component has one.</summary>
    public IPEndPoint? HttpsEndPoint => HttpsPort is { } port ? new(Address, port) : null;

    /// <summary>For an etcd member: the port its peers replicate over (<c>peer_port</c>, by default <see cref="Port"/> plus one).</summary>
    public int? PeerPort { get; init; }

    /// <summary>The etcd member's peer listener, when the component has one.</summary>
    public IPEndPoint? PeerEndPoint => PeerPort is { } port ? new(Address, port) : null;

    /// <summary>For an application server: the user's application it runs, or null for the sample message board.</summary>
    public ApplicationCommand? Application { get; init; }

    /// <summary>Where the component is declared.</summary>
    public required SourceLocation Location { get; init; }

    /// <summary>The name users and logs refer to it by, <c>server/kind</c>, e.g. <c>server-1/web</c>.</summary>
    public string Name => $"{ServerName}/{Kind.ToKey()}";

    /// <summary>The address and port it listens on.</summary>
    public IPEndPoint EndPoint => new(Address, Port);

    /// <summary><c>address:port</c>, bracketed for IPv6, as URLs and status output write it; keepalived, which has no port (VRRP is an IP protocol), the address alone.</summary>
    public string Authority => Kind == ComponentKind.Vrrp ? Address.ToString() : EndPoint.ToString();

    /// <summary>The admin listener's address and port, or null for a database node.</summary>
    public IPEndPoint? AdminEndPoint => AdminPort is { } port ? new(Address, port) : null;

    /// <summary>Every port the component listens on: its port, then its admin and HTTPS ports when it has them.</summary>
    public IEnumerable<int> ListeningPorts => ((int?[])[Port, AdminPort, HttpsPort]).OfType<int>();

    /// <summary>The admin port when the topology names none: the component's port plus this, as 8080 gets 9080.</summary>
    public const int DefaultAdminPortOffset = 1000;

    /// <summary>True for the components WebInfra runs itself, which speak HTTP: all but database nodes, keepalived and the DNS server.</summary>
    public bool IsHttp => Kind is ComponentKind.Balancer or ComponentKind.Web or ComponentKind.App or ComponentKind.Monitor;
}
