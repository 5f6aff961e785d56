using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace WebInfra.Hosts.Namespaces;

/// <summary>
/// The names of one site's network namespaces and links. Every name starts with the site's id, made from its run-state
/// folder, so two sites never share a namespace, and whatever a run made can be found again from the run state alone
/// (after a crash, or with the topology file gone).
/// </summary>
/// <remarks>
/// The layout: a switch namespace holding a bridge (<c>br0</c>) with one port per server (<c>p0</c>, <c>p1</c>, …) and
/// one for the operator (<c>pop</c>); each port is one end of a veth pair whose other end is <c>eth0</c> in the server's
/// (or the operator's) namespace, made there directly (<c>ip -n SWITCH link add pN type veth peer name eth0 netns
/// HOST</c>), so this machine's own namespace never has a link, an address or a route on the hosts' subnet.
/// </remarks>
public sealed class SiteNetwork
{
    private const string NamespaceDirectory = "/run/netns";

    /// <summary>The names for the site whose run state is in <paramref name="stateDirectory"/>.</summary>
    public SiteNetwork(string stateDirectory)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(Path.TrimEndingDirectorySeparator(Path.GetFullPath(stateDirectory))));
        Id = "wi" + Convert.ToHexStringLower(digest)[..8];
    }

    /// <summary>The prefix of every namespace of the site: <c>wi</c> and 8 hex digits.</summary>
    public string Id { get; }

    /// <summary>The switch's namespace, which holds the bridge.</summary>
    public string Switch => $"{Id}-switch";

    /// <summary>The operator's namespace, from which the CLI, the tests and a person's tools reach the servers.</summary>
    public string Operator => $"{Id}-operator";

    /// <summary>The bridge in the switch namespace.</summary>
    public static string Bridge => "br0";

    /// <summary>The name of every host's end of its cable, in its own namespace.</summary>
    public static string HostInterface => "eth0";

    /// <summary>The operator's port on the bridge.</summary>
    public static string OperatorPort => "pop";

    /// <summary>The namespace of the server named <paramref name="serverName"/>.</summary>
    public string Server(string serverName) => $"{Id}-s-{serverName}";

    /// <summary>The bridge port of the server at <paramref name="index"/> in the topology.</summary>
    public static string Port(int index) => string.Create(CultureInfo.InvariantCulture, $"p{index}");

    /// <summary>The command line that runs <paramref name="commandLine"/> inside the namespace <paramref name="name"/>.</summary>
    public static IReadOnlyList<string> InNamespace(string name, IReadOnlyList<string> commandLine) => ["ip", "netns", "exec", name, .. commandLine];

    /// <summary>Whether the namespace <paramref name="name"/> exists.</summary>
    public static bool Exists(string name) => File.Exists(Path.Combine(NamespaceDirectory, name));

    /// <summary>The site's namespaces that exist now: those a run made, whether or not it ended well.</summary>
    public IReadOnlyList<string> Existing() => Directory.Exists(NamespaceDirectory)
        ? [.. Directory.EnumerateFiles(NamespaceDirectory).Select(Path.GetFileName).OfType<string>().Where(n => n.StartsWith(Id + "-", StringComparison.Ordinal)).Order(StringComparer.Ordinal)]
        : [];

    /// <summary>An address with its prefix length, as <c>ip addr add</c> takes it.</summary>
    public static string WithPrefix(IPAddress address, int prefixLength) => string.Create(CultureInfo.InvariantCulture, $"{address}/{prefixLength}");
}
