using System.Net;
using WebInfra.Topology.Model;

namespace WebInfra.Topology.Firewall;

/// <summary>
/// What one server's firewall lets in: default deny, then an opening for each listener of its components, to exactly
/// the servers that need it, plus the server's own rules from the topology. WebInfra enforces it on the listeners it
/// runs and exports it as nftables rules for a real host, so both read the same openings.
/// </summary>
public sealed class ServerFirewall
{
    private readonly Dictionary<int, FirewallOpening[]> _byPort;

    private ServerFirewall(Server server, IReadOnlyList<FirewallOpening> openings, IReadOnlyList<IPNetwork> vrrpPeers)
    {
        Server = server;
        Openings = openings;
        VrrpPeers = vrrpPeers;
        _byPort = openings.GroupBy(o => o.Port).ToDictionary(g => g.Key, g => g.ToArray());
    }

    /// <summary>The server the firewall protects.</summary>
    public Server Server { get; }

    /// <summary>Every opening, the derived ones first in component order, then the server's own rules.</summary>
    public IReadOnlyList<FirewallOpening> Openings { get; }

    /// <summary>
    /// The servers whose VRRP adverts (IP protocol 112, not a port) this server's keepalived must hear: those of the
    /// other balancers of its VIPs. Empty for a server that holds no VIP.
    /// </summary>
    public IReadOnlyList<IPNetwork> VrrpPeers { get; }

    /// <summary>Whether a connection from <paramref name="source"/> to <paramref name="port"/> is let in.</summary>
    /// <remarks>
    /// The server's own processes always are, as the exported rules accept whatever arrives on the loopback interface: a
    /// server's keepalived asks its balancer's <c>/healthz</c> from the server's address.
    /// </remarks>
    public bool Admits(int port, IPAddress source) =>
        Server.Address.Equals(source.IsIPv4MappedToIPv6 ? source.MapToIPv4() : source)
        || (_byPort.TryGetValue(port, out var openings) && Array.Exists(openings, o => o.Admits(source)));

    /// <summary>The firewall of <paramref name="server"/> in <paramref name="topology"/>.</summary>
    public static ServerFirewall For(Model.Topology topology, Server server)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(server);
        var operators = topology.Firewall.Operators;
        var monitors = FirewallSources.ServersRunning(topology, ComponentKind.Monitor);
        var openings = new List<FirewallOpening>();
        if (topology.Firewall.SshPort is { } ssh)
        {
            openings.Add(new(ssh, operators, "ssh from operators"));
        }

        foreach (var component in server.Components)
        {
            openings.AddRange(OpeningsOf(topology, component, operators, monitors));
        }

        foreach (var rule in server.FirewallRules)
        {
            var sources = rule.Sources.SelectMany(s => FirewallSources.Resolve(topology, s) ?? []).Distinct().ToList();
            openings.Add(new(rule.Port, sources, $"{server.Name}'s rule at line {rule.Location.Line}: port {rule.Port} from {string.Join(", ", rule.Sources)}"));
        }

        var peers = topology.VipsOnServer(server.Name)
            .SelectMany(v => v.Members)
            .Select(m => topology.FindComponent(m.ComponentName))
            .OfType<Component>()
            .Where(c => c.ServerName != server.Name);
        return new ServerFirewall(server, openings, FirewallSources.Hosts(peers));
    }

    private static IEnumerable<FirewallOpening> OpeningsOf(Model.Topology topology, Component component, IReadOnlyList<IPNetwork> operators, IReadOnlyList<IPNetwork> monitors)
    {
        var name = component.Name;
        switch (component.Kind)
        {
            case ComponentKind.Balancer:
                yield return new(component.Port, FirewallSources.Anywhere, $"{name}: the site, to everyone");
                if (component.HttpsPort is { } https)
                {
                    yield return new(https, FirewallSources.Anywhere, $"{name}: the site over HTTPS, to everyone");
                }

                break;
            case ComponentKind.Web or ComponentKind.App:
                var forwarders = topology.ForwardersTo(component).ToList();
                if (forwarders.Count > 0)
                {
                    var tier = forwarders[0].Kind == ComponentKind.Balancer ? "balancers" : "web servers";
                    yield return new(component.Port, FirewallSources.Hosts(forwarders), $"{name} from its {tier}");
                }
                else if (component == topology.EntryPoint)
                {
                    yield return new(component.Port, FirewallSources.Anywhere, $"{name}: the site, to everyone");
                }
                else
                {
                    yield return new(component.Port, operators, $"{name} from operators (no component forwards to it)");
                }

                break;
            case ComponentKind.Monitor:
                yield return new(component.Port, operators, $"{name}: the dashboard, to operators");
                break;
            case ComponentKind.Dns:
                yield return new(component.Port, FirewallSources.Anywhere, $"{name}: the site's names, to everyone (UDP and TCP)") { AlsoUdp = true };
                break;
            case ComponentKind.Etcd:
                yield return new(component.Port, [.. monitors.Concat(operators).Distinct()], $"{name}: etcd's clients, to the monitors and operators");
                var members = topology.Components.Where(c => c.Kind == ComponentKind.Etcd && c != component);
                yield return new(component.PeerPort!.Value, FirewallSources.Hosts(members), $"{name}: etcd's peers, to the other etcd members");
                break;
            case ComponentKind.Database:
                var clients = topology.Components
                    .Where(c => c.Kind is ComponentKind.App or ComponentKind.Monitor || (c.Kind == ComponentKind.Database && c != component));
                yield return new(component.Port, [.. FirewallSources.Hosts(clients).Concat(operators).Distinct()],
                    $"{name} from the application servers, the monitor, the other database nodes and operators");
                break;
        }

        if (component.AdminPort is { } admin)
        {
            yield return new(admin, [.. operators.Concat(monitors).Distinct()], $"{name} admin, to operators and the monitor");
        }

        // The database endpoints serve the server's own application alone. On one machine its connections leave from
        // 127.0.0.1 (it binds no source address), which only the loopback hosts share.
        IReadOnlyList<IPNetwork> local = topology.Hosts == HostKind.Loopback
            ? [new IPNetwork(component.Address, 32), new IPNetwork(IPAddress.Loopback, 32)]
            : [new IPNetwork(component.Address, 32)];
        var endpoints = topology.DatabaseEndpointsOf(component);
        for (var i = 0; i < endpoints.Count; i++)
        {
            yield return new(endpoints[i].Port, local, $"{name}'s database {(i == 0 ? "writer" : "reader")} endpoint, to its own application");
        }
    }
}
