using System.Net;
using System.Net.Sockets;

namespace WebInfra.Topology.Model;

/// <summary>
/// The whole site as one topology file describes it: its servers, their components, the backends that tie them
/// together and the database. Immutable once loaded and validated, so every process that reads the same file
/// sees the same site.
/// </summary>
public sealed class Topology
{
    private readonly Dictionary<string, Component> _components;
    private FirewallSettings _declaredFirewall = FirewallSettings.Default;
    private FirewallSettings? _firewall;

    /// <summary>Creates a topology from parts already read; <see cref="Loading.TopologyLoader"/> is the usual way in.</summary>
    public Topology(string sourcePath, SiteSettings site, IReadOnlyList<Server> servers, IReadOnlyList<Backend> backends, DatabaseSettings database)
    {
        SourcePath = sourcePath;
        Site = site;
        Servers = servers;
        Backends = backends;
        Database = database;
        _components = new(StringComparer.Ordinal);
        foreach (var component in servers.SelectMany(s => s.Components))
        {
            _components.TryAdd(component.Name, component);
        }
    }

    /// <summary>Absolute path of the file the topology was read from.</summary>
    public string SourcePath { get; }

    /// <summary>The site being served.</summary>
    public SiteSettings Site { get; }

    /// <summary>The servers, in file order.</summary>
    public IReadOnlyList<Server> Servers { get; }

    /// <summary>The backends, in file order.</summary>
    public IReadOnlyList<Backend> Backends { get; }

    /// <summary>The database settings.</summary>
    public DatabaseSettings Database { get; }

    /// <summary>How <c>deploy</c> keeps releases and how long it watches its canary.</summary>
    public DeploySettings Deploy { get; init; } = DeploySettings.Default;

    /// <summary>The limits every HTTP component puts on requests.</summary>
    public RequestLimits Limits { get; init; } = RequestLimits.Default;

    /// <summary>The certificate balancers with an <c>https_port</c> present, the HSTS they send, and whether the inner hops are re-encrypted.</summary>
    public TlsSettings Tls { get; init; } = TlsSettings.Default;

    /// <summary>
    /// Whether the servers' firewalls are on, and who operates the site. Under <c>hosts: namespaces</c> the operator
    /// namespace's address (<see cref="OperatorAddress"/>) is always one of the operators, since the CLI, Prometheus and
    /// a person's browser reach the servers from there; it replaces the default 127.0.0.1, so no database grant or
    /// firewall opening names a loopback address in that mode.
    /// </summary>
    public FirewallSettings Firewall
    {
        get => _firewall ??= OperatorAddress is { } operatorAddress ? _declaredFirewall.WithOperator(operatorAddress) : _declaredFirewall;
        init => (_declaredFirewall, _firewall) = (value, null);
    }

    /// <summary>What each server is on the machine: a loopback address (the default) or a network namespace of its own.</summary>
    public HostKind Hosts { get; init; } = HostKind.Loopback;

    /// <summary>Where <c>hosts</c> is written, or null when it is absent.</summary>
    public SourceLocation? HostsLocation { get; init; }

    /// <summary>The network the servers share under <c>hosts: namespaces</c>.</summary>
    public NetworkSettings Network { get; init; } = NetworkSettings.Default;

    /// <summary>How the servers are reached under <c>hosts: ssh</c>.</summary>
    public SshSettings Ssh { get; init; } = SshSettings.Default;

    /// <summary>
    /// True when the servers are network namespaces of this machine on a switch it makes: under <c>hosts: namespaces</c>,
    /// and under <c>hosts: ssh</c> with <c>ssh: { lab: true }</c>. They then share <see cref="HostsSubnet"/> and are
    /// reached from the operator's namespace at <see cref="OperatorAddress"/>.
    /// </summary>
    public bool OnSwitch => Hosts == HostKind.Namespaces || (Hosts == HostKind.Ssh && Ssh.Lab);

    /// <summary>Where the CLI logs in to <paramref name="server"/> under <c>hosts: ssh</c>: its own <c>ssh</c> target, else the section's user and port at its address.</summary>
    public SshTarget SshTargetOf(Server server)
    {
        ArgumentNullException.ThrowIfNull(server);
        return server.Ssh ?? new SshTarget(Ssh.User, server.Address.ToString(), Ssh.Port);
    }

    /// <summary>
    /// The subnet of the switch the servers are plugged into under <c>hosts: namespaces</c>: <c>network.subnet</c>, or
    /// when none is set the /24 that holds the first server's address. Null in loopback mode (and when the first server's
    /// address is not IPv4, which validation rejects).
    /// </summary>
    public IPNetwork? HostsSubnet => OnSwitch switch
    {
        true when Network.Subnet is { } subnet => subnet,
        true when Servers is [{ Address.AddressFamily: AddressFamily.InterNetwork } first, ..] => Ipv4Subnet.Containing(first.Address, 24),
        _ => null,
    };

    /// <summary>
    /// Under <c>hosts: namespaces</c>, the address of the operator namespace, from which the CLI reaches the servers:
    /// the last host address of <see cref="HostsSubnet"/> (its broadcast address minus one, e.g. 10.77.0.254 in
    /// 10.77.0.0/24). No server may have it. Null in loopback mode.
    /// </summary>
    public IPAddress? OperatorAddress => HostsSubnet is { } subnet ? Ipv4Subnet.LastHost(subnet) : null;

    /// <summary>
    /// The site's virtual addresses (<c>vips</c>), each floating between two or more balancers by VRRP; empty when the
    /// site's entry is the balancers' own addresses. Every server with a balancer named here runs keepalived as its
    /// <see cref="ComponentKind.Vrrp"/> component.
    /// </summary>
    public IReadOnlyList<VirtualAddress> Vips { get; init; } = [];

    /// <summary>Where <c>vips</c> is written, or null when it is absent.</summary>
    public SourceLocation? VipsLocation { get; init; }

    /// <summary>The VIPs <paramref name="balancer"/> may hold, and so answers on; for any other component, none.</summary>
    public IEnumerable<VirtualAddress> VipsServedBy(Component balancer)
    {
        ArgumentNullException.ThrowIfNull(balancer);
        return Vips.Where(v => v.Members.Any(m => string.Equals(m.ComponentName, balancer.Name, StringComparison.Ordinal)));
    }

    /// <summary>The VIPs whose members include a balancer on the server named <paramref name="serverName"/>: what its keepalived holds or stands by for.</summary>
    public IEnumerable<VirtualAddress> VipsOnServer(string serverName) =>
        Vips.Where(v => v.Members.Any(m => FindComponent(m.ComponentName)?.ServerName == serverName));

    /// <summary>The site's zone, served by the <c>dns</c> components; null when the topology has no <c>dns</c> section.</summary>
    public DnsSettings? Dns { get; init; }

    /// <summary>The site's authoritative DNS servers (<c>dns</c> components), in file order: <c>ns1</c>, <c>ns2</c>… of the zone.</summary>
    public IEnumerable<Component> NameServers => Components.Where(c => c.Kind == ComponentKind.Dns);

    /// <summary>
    /// The addresses a name of the topology stands for, where a DNS record or a tool points at it: a server's address,
    /// a component's server's, or a VIP's. Empty when nothing of the topology has that name. The one place names become
    /// addresses for the zone, so a new kind of name is added here.
    /// </summary>
    public IReadOnlyList<IPAddress> AddressesFor(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return FindServer(name) is { } server ? [server.Address]
            : FindComponent(name) is { } component ? [component.Address]
            : Vips.FirstOrDefault(v => string.Equals(v.Name, name, StringComparison.Ordinal)) is { } vip ? [vip.Address]
            : [];
    }

    /// <summary>Every component of every server, in file order.</summary>
    public IEnumerable<Component> Components => Servers.SelectMany(s => s.Components);

    /// <summary>Every component name, for hints in error messages.</summary>
    public IEnumerable<string> ComponentNames => Components.Select(c => c.Name);

    /// <summary>The component named <paramref name="name"/> (<c>server/kind</c>), or null.</summary>
    public Component? FindComponent(string name) => _components.GetValueOrDefault(name);

    /// <summary>The backend named <paramref name="name"/>, or null.</summary>
    public Backend? FindBackend(string? name) => Backends.FirstOrDefault(b => string.Equals(b.Name, name, StringComparison.Ordinal));

    /// <summary>The components a backend spreads traffic over; references that do not resolve are left out (validation reports them).</summary>
    public IReadOnlyList<Component> MembersOf(Backend backend) => [.. ResolveMembers(backend).Select(m => m.Component)];

    /// <summary>Each member of a backend with the component it names, for settings such as weight that live on the member.</summary>
    public IEnumerable<(BackendMember Member, Component Component)> ResolveMembers(Backend backend)
    {
        ArgumentNullException.ThrowIfNull(backend);
        foreach (var member in backend.Members)
        {
            if (FindComponent(member.ComponentName) is { } component)
            {
                yield return (member, component);
            }
        }
    }

    /// <summary>
    /// The components that forward to a backend listing <paramref name="member"/>: a web server's balancers, an
    /// application server's web servers. They are the ones to tell when the member is drained.
    /// </summary>
    public IEnumerable<Component> ForwardersTo(Component member)
    {
        ArgumentNullException.ThrowIfNull(member);
        return Components.Where(c => FindBackend(c.Backend) is { } backend
            && backend.Members.Any(m => string.Equals(m.ComponentName, member.Name, StringComparison.Ordinal)));
    }

    /// <summary>
    /// Whether <paramref name="component"/> listens with HTTPS on its port under <see cref="TlsSettings.Internal"/>: a
    /// web or application server that some component forwards to. A web server that is the entry point of a one-server
    /// site has no forwarder, so it keeps serving its visitors plain HTTP.
    /// </summary>
    public bool ServesInternalTls(Component component)
    {
        ArgumentNullException.ThrowIfNull(component);
        return Tls.Internal && component.IsHttp && ForwardersTo(component).Any();
    }

    /// <summary>
    /// Whether <paramref name="component"/> serves the site's certificate on its own port: the monitor, whose public
    /// port is the dashboard, when the site has a certificate (a balancer with an <c>https_port</c>). Operators log in
    /// there, and a session cookie must not cross the network in clear where the site itself does not.
    /// </summary>
    public bool ServesSiteTls(Component component)
    {
        ArgumentNullException.ThrowIfNull(component);
        return component.Kind == ComponentKind.Monitor && Components.Any(c => c.HttpsPort is not null);
    }

    /// <summary>
    /// Where users reach the site: the first balancer, or with none (the one-server design) the first web server.
    /// Null only for a topology that validation rejects.
    /// </summary>
    public Component? EntryPoint =>
        Components.FirstOrDefault(c => c.Kind == ComponentKind.Balancer) ?? Components.FirstOrDefault(c => c.Kind == ComponentKind.Web);

    /// <summary>
    /// Whether clients connect to <paramref name="component"/> itself, so that the address its connections come from is
    /// the client's: every balancer, and a web server no backend lists (the one-server design, reached directly). Such a
    /// component trusts none of the <c>X-Forwarded-*</c> or <c>Forwarded</c> headers a request arrives with; a component
    /// behind it appends to what its forwarder wrote.
    /// </summary>
    public bool IsEntryTier(Component component)
    {
        ArgumentNullException.ThrowIfNull(component);
        return component.Kind == ComponentKind.Balancer || (component.Kind == ComponentKind.Web && !ForwardersTo(component).Any());
    }

    /// <summary>Where visitors reach <see cref="EntryPoint"/>: the first VIP it may hold, else its server's address.</summary>
    public IPAddress? EntryAddress => EntryPoint is { } entry ? VipsServedBy(entry).FirstOrDefault()?.Address ?? entry.Address : null;

    /// <summary>The database node that starts as primary, or null when the topology has no database.</summary>
    public Component? Primary => Components.FirstOrDefault(c => c.Role == ComponentRole.DatabasePrimary);

    /// <summary>The server named <paramref name="name"/>, or null.</summary>
    public Server? FindServer(string name) => Servers.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.Ordinal));

    /// <summary>The database monitor, or null when the topology has none (then the primary has no automatic failover).</summary>
    public Component? Monitor => Components.FirstOrDefault(c => c.Kind == ComponentKind.Monitor);

    /// <summary>Every database monitor, in file order; with more than one, they elect the one that acts through etcd.</summary>
    public IEnumerable<Component> Monitors => Components.Where(c => c.Kind == ComponentKind.Monitor);

    /// <summary>The members of the site's etcd cluster, in file order; none for a site with one monitor or none.</summary>
    public IEnumerable<Component> EtcdMembers => Components.Where(c => c.Kind == ComponentKind.Etcd);

    /// <summary>
    /// The replication the database nodes actually run: the topology's, except that a single node runs asynchronously,
    /// because with no replica to acknowledge, semi-sync could only stall the first write for its timeout.
    /// </summary>
    public ReplicationMode EffectiveReplication => DatabaseNodes.Skip(1).Any() ? Database.Replication : ReplicationMode.Async;

    /// <summary>
    /// How a primary the monitors cannot vouch for is fenced: as written in <c>failover.fencing</c>, else a lease when
    /// several monitors elect a leader (a partition can then leave a primary on the minority's side) and off with one
    /// monitor or none (as before: the monitor's death then takes no writes away).
    /// </summary>
    public FencingMode EffectiveFencing => Database.Failover.Fencing
        ?? (Components.Count(c => c.Kind == ComponentKind.Monitor) > 1 ? FencingMode.Lease : FencingMode.Off);

    /// <summary>Every database node, primary and replicas, in file order.</summary>
    public IEnumerable<Component> DatabaseNodes => Components.Where(c => c.Kind == ComponentKind.Database);

    /// <summary>
    /// The writer and reader endpoints <paramref name="component"/> serves on its server's address: those of
    /// <see cref="DatabaseSettings.Endpoints"/> for an application server running the user's application in a site with a
    /// database, else none.
    /// </summary>
    public IReadOnlyList<IPEndPoint> DatabaseEndpointsOf(Component component)
    {
        ArgumentNullException.ThrowIfNull(component);
        return component.Application is null || !DatabaseNodes.Any()
            ? []
            : [new(component.Address, Database.Endpoints.WriterPort), new(component.Address, Database.Endpoints.ReaderPort)];
    }

    /// <summary>The database nodes that start as replicas.</summary>
    public IEnumerable<Component> Replicas => Components.Where(c => c.Role == ComponentRole.DatabaseReplica);

    /// <summary>
    /// The components a command's target names: a whole server (<c>server-1</c>) or one component (<c>server-1/web</c>).
    /// Empty when nothing matches.
    /// </summary>
    public IReadOnlyList<Component> Resolve(string target)
    {
        if (FindComponent(target) is { } component)
        {
            return [component];
        }

        return FindServer(target)?.Components ?? [];
    }
}
