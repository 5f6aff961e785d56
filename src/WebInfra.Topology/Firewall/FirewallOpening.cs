using System.Net;

namespace WebInfra.Topology.Firewall;

/// <summary>One port a server's firewall opens, to whom, and why: what <c>webinfra firewall</c> shows and the nftables export writes.</summary>
/// <param name="Port">The TCP port (and UDP port, with <see cref="AlsoUdp"/>).</param>
/// <param name="Sources">The ranges allowed to connect; <see cref="FirewallSources.Anywhere"/> for everyone.</param>
/// <param name="Purpose">What the opening is for, e.g. <c>server-1/web from its balancers</c>.</param>
public sealed record FirewallOpening(int Port, IReadOnlyList<IPNetwork> Sources, string Purpose)
{
    /// <summary>True when the port is open to UDP as well as TCP: a DNS server's, which answers over both.</summary>
    public bool AlsoUdp { get; init; }

    /// <summary>True when anyone may connect.</summary>
    public bool FromAnywhere => FirewallSources.IncludeEveryone(Sources);

    /// <summary>Whether <paramref name="source"/> is one of the <see cref="Sources"/>.</summary>
    public bool Admits(IPAddress source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var address = source.IsIPv4MappedToIPv6 ? source.MapToIPv4() : source;
        foreach (var range in Sources)
        {
            if (range.BaseAddress.AddressFamily == address.AddressFamily && range.Contains(address))
            {
                return true;
            }
        }

        return false;
    }
}
