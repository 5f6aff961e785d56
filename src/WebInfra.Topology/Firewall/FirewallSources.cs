using System.Net;
using WebInfra.Topology.Model;

namespace WebInfra.Topology.Firewall;

/// <summary>
/// Resolves who a firewall rule lets in, in the topology's own words, to address ranges: <c>any</c>, <c>operators</c>,
/// a server (<c>lb-01</c>), a tier (<c>web</c>: every server running a web server), a component (<c>server-1/app</c>:
/// its server), an address or a range (<c>10.0.0.0/24</c>). A firewall sees addresses, so a component stands for its
/// whole server.
/// </summary>
public static class FirewallSources
{
    /// <summary>Everyone, in both address families.</summary>
    public static IReadOnlyList<IPNetwork> Anywhere { get; } = [new IPNetwork(IPAddress.Any, 0), new IPNetwork(IPAddress.IPv6Any, 0)];

    /// <summary>The words a source may be besides names and addresses, for error messages.</summary>
    public const string Forms = "any, operators, a server, a tier (balancer, web, app, db, monitor), a component such as server-1/app, an address or a range such as 10.0.0.0/24";

    /// <summary>The ranges <paramref name="source"/> stands for, or null when it names nothing in the topology.</summary>
    public static IReadOnlyList<IPNetwork>? Resolve(Model.Topology topology, string source)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(source);
        if (source == "any")
        {
            return Anywhere;
        }

        if (source == "operators")
        {
            return topology.Firewall.Operators;
        }

        if (topology.FindServer(source) is { } server)
        {
            return [Host(server.Address)];
        }

        if (topology.FindComponent(source) is { } component)
        {
            return [Host(component.Address)];
        }

        foreach (var kind in ComponentRoleNames.AllKinds)
        {
            if (kind.ToKey() == source)
            {
                return ServersRunning(topology, kind);
            }
        }

        return TryParseRange(source, out var range) ? [range] : null;
    }

    /// <summary>The addresses of the servers running a component of <paramref name="kind"/>.</summary>
    public static IReadOnlyList<IPNetwork> ServersRunning(Model.Topology topology, ComponentKind kind)
    {
        ArgumentNullException.ThrowIfNull(topology);
        return Hosts(topology.Components.Where(c => c.Kind == kind));
    }

    /// <summary>The addresses of the servers <paramref name="components"/> run on, each once.</summary>
    public static IReadOnlyList<IPNetwork> Hosts(IEnumerable<Component> components) =>
        [.. components.Select(c => c.Address).Distinct().Select(Host)];

    /// <summary>One address as a range of one.</summary>
    public static IPNetwork Host(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return new IPNetwork(address, HostPrefixLength(address.AddressFamily));
    }

    /// <summary>Whether <paramref name="range"/> holds a single address.</summary>
    public static bool IsHost(IPNetwork range) => range.PrefixLength == HostPrefixLength(range.BaseAddress.AddressFamily);

    /// <summary>A range as people write it: a single address alone, a wider range with its prefix.</summary>
    public static string Describe(IPNetwork range) => IsHost(range) ? range.BaseAddress.ToString() : range.ToString();

    /// <summary>Ranges as people write them, or <c>anywhere</c> when they let everyone in.</summary>
    public static string Describe(IReadOnlyList<IPNetwork> ranges)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        return IncludeEveryone(ranges) ? "anywhere" : string.Join(", ", ranges.Select(r => Describe(r)));
    }

    /// <summary>Whether <paramref name="ranges"/> let everyone in (a range with prefix 0, such as <see cref="Anywhere"/>'s).</summary>
    public static bool IncludeEveryone(IEnumerable<IPNetwork> ranges) => ranges.Any(r => r.PrefixLength == 0);

    private static int HostPrefixLength(System.Net.Sockets.AddressFamily family) => family == System.Net.Sockets.AddressFamily.InterNetworkV6 ? 128 : 32;

    /// <summary>Reads an address (<c>10.0.0.1</c>) or a range (<c>10.0.0.0/24</c>) written out in full.</summary>
    public static bool TryParseRange(string text, out IPNetwork range)
    {
        ArgumentNullException.ThrowIfNull(text);
        range = default;
        var address = text.Split('/')[0];

        // IPAddress also takes shorthand such as "10" for 0.0.0.10; a firewall rule wants the address written out.
        if (address.Count(c => c == '.') != 3 && !address.Contains(':', StringComparison.Ordinal))
        {
            return false;
        }

        if (text.Contains('/', StringComparison.Ordinal))
        {
            return IPNetwork.TryParse(text, out range);
        }

        if (!WrittenAddress.TryParse(text, out var host))
        {
            return false;
        }

        range = Host(host);
        return true;
    }
}
