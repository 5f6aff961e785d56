using System.Net;
using System.Net.Sockets;
using WebInfra.Topology.Loading;
using WebInfra.Topology.Model;

namespace WebInfra.Topology.Validation;

/// <summary>
/// Under <c>hosts: namespaces</c> (and in an SSH lab) every server is a host on one IPv4 subnet, so its address must be a host address
/// of that subnet and not the operator's, from which the CLI reaches the servers. Two servers with one address are
/// <see cref="EndpointValidator"/>'s to report. Under <c>hosts: loopback</c> a <c>network</c> section would be ignored,
/// so it is refused.
/// </summary>
internal sealed class HostsValidator : ITopologyValidator
{
    public void Validate(Model.Topology topology, ICollection<TopologyError> errors)
    {
        if (!topology.OnSwitch)
        {
            if (topology.Network.Location is { } location)
            {
                errors.Add(new TopologyError(location, $"network applies to 'hosts: {HostKind.Namespaces.ToKey()}' and to an SSH lab ('hosts: {HostKind.Ssh.ToKey()}' with 'ssh: {{ lab: true }}') only",
                    $"add 'hosts: {HostKind.Namespaces.ToKey()}' to make every server a network namespace of its own, or remove network"));
            }

            return;
        }

        var hint = Hint(topology);
        foreach (var server in topology.Servers)
        {
            if (Problem(server.Address, topology.HostsSubnet) is { } problem)
            {
                errors.Add(new TopologyError(server.AddressLocation ?? server.Location, $"server '{server.Name}' has address {server.Address}, {problem}", hint));
            }
            else if (server.Address.Equals(topology.OperatorAddress))
            {
                errors.Add(new TopologyError(server.AddressLocation ?? server.Location,
                    $"{server.Address} is the operator's address in {topology.HostsSubnet}: the CLI reaches the servers from there",
                    $"give server '{server.Name}' another address"));
            }
        }
    }

    /// <summary>What keeps <paramref name="address"/> from being a host address on <paramref name="subnet"/> (a server's or a VIP), or null.</summary>
    internal static string? Problem(IPAddress address, IPNetwork? subnet)
    {
        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            return "which is not IPv4; in namespaces mode the servers share an IPv4 subnet";
        }

        if (Ipv4Subnet.Loopback.Contains(address))
        {
            return "a loopback address, which every namespace keeps for itself";
        }

        if (subnet is not { } network)
        {
            return null;
        }

        if (!network.Contains(address))
        {
            return $"outside the hosts' subnet {network}";
        }

        if (address.Equals(network.BaseAddress) || address.Equals(Ipv4Subnet.Broadcast(network)))
        {
            var which = address.Equals(network.BaseAddress) ? "network" : "broadcast";
            return $"the {which} address of {network}, which no host may have";
        }

        return null;
    }

    /// <summary>How to give a server a good address: in the subnet set, or (none set) in the first server's /24 or a subnet to set.</summary>
    internal static string Hint(Model.Topology topology)
    {
        const string Why = "in namespaces mode every server is a host of its own on the subnet";
        return topology switch
        {
            { Network.Subnet: { } subnet } => $"{Why}: give it an address in {subnet}, or leave it out to have one assigned",
            { HostsSubnet: { } derived } when !Ipv4Subnet.Loopback.Contains(derived.BaseAddress) =>
                $"{Why}: give it an address in {derived} (the /24 of the first server's address), or set network.subnet and leave it out to have one assigned",
            _ => $"{Why}: set network.subnet (e.g. 10.77.0.0/24) and give it an address there, or leave it out to have one assigned",
        };
    }
}
