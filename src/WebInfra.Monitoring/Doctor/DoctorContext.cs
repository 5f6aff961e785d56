using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using WebInfra.Topology.Model;

namespace WebInfra.Monitoring.Doctor;

/// <summary>
/// What the rules of one examination share: the topology, and the topology text their fixes propose, written with the
/// topology's own names, addresses and ports so that it can be pasted in as it is. A new server keeps one address
/// across fixes (the web and application servers proposed for <c>server-2</c> land on one host), and two new servers
/// never get the same one.
/// </summary>
internal sealed class DoctorContext
{
    private readonly Dictionary<string, string> _newAddresses = new(StringComparer.Ordinal);

    public DoctorContext(Topology.Model.Topology topology)
    {
        Topology = topology;
    }

    public Topology.Model.Topology Topology { get; }

    /// <summary>The location of a finding about the whole site: the topology file's first line.</summary>
    public SourceLocation WholeFile() => new(Topology.Site.Location.File, 1, 1);

    /// <summary>The servers that run at least one component of <paramref name="kind"/>, in file order.</summary>
    public IReadOnlyList<Server> ServersRunning(ComponentKind kind) => [.. Topology.Servers.Where(s => s.Components.Any(c => c.Kind == kind))];

    /// <summary>The first server that runs no database node (where a monitor outlives the primary's host), or null.</summary>
    public Server? ServerWithoutDatabase() => Topology.Servers.FirstOrDefault(s => s.Components.All(c => c.Kind != ComponentKind.Database));

    /// <summary>
    /// A new server like <paramref name="template"/>'s, running the same kind of component on the same port, and the
    /// backend that should list it: the one listing the template, or a new one named after the kind.
    /// </summary>
    public string ScaleOut(Component template, ComponentRole? role = null, bool listInBackend = true)
    {
        ArgumentNullException.ThrowIfNull(template);
        var name = NewServerName(template.ServerName);
        var text = new StringBuilder(NewServer(name, template.Address, ComponentLine(template.Kind, template.Port, template.Backend, role ?? template.Role)));
        if (listInBackend)
        {
            var backend = Topology.Backends.FirstOrDefault(b => b.Members.Any(m => string.Equals(m.ComponentName, template.Name, StringComparison.Ordinal)));
            var members = backend?.Members.Select(m => m.ComponentName)
                ?? Topology.Components.Where(c => c.Kind == template.Kind).Select(c => c.Name);
            text.Append(CultureInfo.InvariantCulture, $"\nbackends:\n  {backend?.Name ?? template.Kind.ToKey()}:\n    members: [{string.Join(", ", members.Append($"{name}/{template.Kind.ToKey()}"))}]");
        }

        return text.ToString();
    }

    /// <summary>A <c>servers:</c> entry for a new server running one component.</summary>
    public string NewServer(string name, IPAddress near, string componentLine) =>
        $"servers:\n  {name}:\n    address: {NewAddress(name, near)}\n    components:\n      {componentLine}";

    /// <summary>A <c>servers:</c> entry adding one component to a server the topology has.</summary>
    public static string AddTo(Server server, string componentLine) => $"servers:\n  {server.Name}:\n    components:\n      {componentLine}";

    /// <summary>A component as a server's <c>components</c> map writes it, e.g. <c>web: { port: 8081, backend: app }</c>.</summary>
    public static string ComponentLine(ComponentKind kind, int port, string? backend = null, ComponentRole role = ComponentRole.DatabaseReplica) => kind switch
    {
        ComponentKind.Database => $"db: {{ port: {port}, role: {(role == ComponentRole.DatabasePrimary ? "primary" : "replica")} }}",
        _ when backend is not null => $"{kind.ToKey()}: {{ port: {port}, backend: {backend} }}",
        _ => $"{kind.ToKey()}: {{ port: {port} }}",
    };

    /// <summary>
    /// A server name the topology does not use, numbered after <paramref name="like"/>: <c>server-1</c> gives
    /// <c>server-2</c> (or the next free number), <c>lb-01</c> gives <c>lb-02</c>, a name without a number gets
    /// <c>-2</c>; names in <paramref name="skip"/> are passed over too.
    /// </summary>
    public string NewServerName(string like, IReadOnlyCollection<string>? skip = null)
    {
        ArgumentNullException.ThrowIfNull(like);
        var digits = like.Length - like.AsSpan().TrimEnd("0123456789").Length;
        var prefix = digits > 0 ? like[..^digits] : like + "-";
        var number = digits > 0 ? int.Parse(like[^digits..], CultureInfo.InvariantCulture) : 1;
        var width = digits > 0 ? digits : 1;
        string candidate;
        do
        {
            number++;
            candidate = prefix + number.ToString(CultureInfo.InvariantCulture).PadLeft(width, '0');
        }
        while (Topology.Servers.Any(s => string.Equals(s.Name, candidate, StringComparison.Ordinal)) || (skip?.Contains(candidate) ?? false));

        return candidate;
    }

    /// <summary>
    /// The address of the new server <paramref name="name"/>: the one an earlier fix gave it, else an IPv4 address no
    /// server (and no other new server) has, after <paramref name="near"/> in its /24 (on one machine, the next loopback
    /// address); for IPv6 a placeholder to fill in.
    /// </summary>
    private string NewAddress(string name, IPAddress near)
    {
        if (_newAddresses.TryGetValue(name, out var known))
        {
            return known;
        }

        var address = "ADDRESS";
        if (near.AddressFamily == AddressFamily.InterNetwork)
        {
            var bytes = near.GetAddressBytes();
            for (var last = bytes[3] + 1; last < 255; last++)
            {
                bytes[3] = (byte)last;
                var candidate = new IPAddress(bytes);
                if (!Topology.Servers.Any(s => s.Address.Equals(candidate)) && !_newAddresses.ContainsValue(candidate.ToString()))
                {
                    address = candidate.ToString();
                    break;
                }
            }
        }

        _newAddresses[name] = address;
        return address;
    }
}
