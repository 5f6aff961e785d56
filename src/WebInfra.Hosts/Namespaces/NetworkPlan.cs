using System.Net;
using WebInfra.Topology.Firewall;

namespace WebInfra.Hosts.Namespaces;

/// <summary>What a site's network is made of: the subnet, each server's address on it, and the operator's.</summary>
/// <param name="Subnet">The hosts' subnet.</param>
/// <param name="Servers">Each server's name and address, in topology order (which gives its bridge port).</param>
/// <param name="Operator">The operator's address.</param>
/// <param name="Firewalls">
/// With the topology's firewall on, each server's nftables ruleset (<c>webinfra firewall export SERVER</c>), loaded into
/// its namespace's kernel; empty with the firewall off.
/// </param>
public sealed record NetworkPlan(IPNetwork Subnet, IReadOnlyList<(string Name, IPAddress Address)> Servers, IPAddress Operator, IReadOnlyDictionary<string, string> Firewalls)
{
    /// <summary>
    /// The addresses of the site's DNS servers (its <c>dns</c> components), through which the operator namespace
    /// resolves names; empty when the site has none, and then the operator resolves as this machine does.
    /// </summary>
    public IReadOnlyList<IPAddress> NameServers { get; init; } = [];

    /// <summary>The plan of <paramref name="topology"/>, whose hosts are namespaces.</summary>
    /// <exception cref="ArgumentException">The topology's hosts are not namespaces.</exception>
    public static NetworkPlan Of(Topology.Model.Topology topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        return topology is { HostsSubnet: { } subnet, OperatorAddress: { } operatorAddress }
            ? new NetworkPlan(
                subnet,
                [.. topology.Servers.Select(s => (s.Name, s.Address))],
                operatorAddress,
                topology.Firewall.Enabled
                    ? topology.Servers.ToDictionary(s => s.Name, s => NftablesRuleset.Create(ServerFirewall.For(topology, s), topology.Site.Name, topology.SourcePath), StringComparer.Ordinal)
                    : new Dictionary<string, string>(StringComparer.Ordinal))
            {
                NameServers = [.. topology.NameServers.Select(c => c.Address)],
            }
            : throw new ArgumentException($"{topology.SourcePath} does not run its servers in namespaces", nameof(topology));
    }
}
