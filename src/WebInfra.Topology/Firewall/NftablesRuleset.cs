using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace WebInfra.Topology.Firewall;

/// <summary>
/// A server's firewall as an nftables ruleset for a real host (<c>nft -f</c>): the same openings WebInfra enforces on
/// its listeners, plus what a host needs to stay reachable (loopback, replies to its own connections, ICMP, SSH from
/// operators). It replaces only its own table, <c>inet webinfra</c>, so the host's other rules are left alone, and
/// loading it twice gives the same result.
/// </summary>
public static class NftablesRuleset
{
    /// <summary>The table the ruleset owns.</summary>
    public const string Table = "inet webinfra";

    /// <summary>nftables' limit on a rule comment, in bytes.</summary>
    private const int MaximumCommentLength = 127;

    /// <summary>The ruleset text of <paramref name="firewall"/>.</summary>
    public static string Create(ServerFirewall firewall, string siteName, string topologyPath)
    {
        ArgumentNullException.ThrowIfNull(firewall);
        var server = firewall.Server;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"""
            #!/usr/sbin/nft -f
            # The firewall of {server.Name} ({server.Address}) of {siteName}, written by 'webinfra firewall export {server.Name}'
            # from {topologyPath}.
            # Incoming connections are dropped unless a rule below lets them in; outgoing traffic is not filtered.
            # Check it with 'nft -c -f FILE', load it with 'nft -f FILE'. Only the table {Table} is replaced.

            table {Table}
            delete table {Table}

            table {Table} {'{'}
            	chain input {'{'}
            		type filter hook input priority filter; policy drop;
            		ct state established,related accept
            		ct state invalid drop
            		iif "lo" accept
            		meta l4proto {'{'} icmp, ipv6-icmp {'}'} accept

            """);
        foreach (var opening in firewall.Openings)
        {
            foreach (var match in SourceMatches(opening))
            {
                var port = opening.AlsoUdp ? $"meta l4proto {{ tcp, udp }} th dport {opening.Port}" : $"tcp dport {opening.Port}";
                text.Append(CultureInfo.InvariantCulture, $"\t\t{port} {match}accept comment {Comment(opening.Purpose)}\n");
            }
        }

        if (firewall.VrrpPeers.Count > 0)
        {
            var peers = string.Join(", ", firewall.VrrpPeers.Select(FirewallSources.Describe));
            text.Append(CultureInfo.InvariantCulture, $"\t\tip protocol vrrp ip saddr {{ {peers} }} accept comment \"keepalived: VRRP adverts from the other balancers of its VIPs\"\n");
        }

        text.Append("\t\tcounter comment \"refused\"\n\t}\n}\n");
        return text.ToString();
    }

    /// <summary>One match a rule needs per address family: none for anyone, else <c>ip saddr { … }</c> and/or <c>ip6 saddr { … }</c>.</summary>
    private static IEnumerable<string> SourceMatches(FirewallOpening opening)
    {
        if (opening.FromAnywhere)
        {
            yield return string.Empty;
            yield break;
        }

        foreach (var family in opening.Sources.GroupBy(s => s.BaseAddress.AddressFamily))
        {
            var keyword = family.Key == AddressFamily.InterNetworkV6 ? "ip6" : "ip";
            yield return $"{keyword} saddr {{ {string.Join(", ", family.Select(FirewallSources.Describe))} }} ";
        }
    }

    private static string Comment(string purpose)
    {
        var text = purpose.Replace('"', '\'');
        return $"\"{(text.Length > MaximumCommentLength ? text[..MaximumCommentLength] : text)}\"";
    }
}
