using WebInfra.Topology.Loading;
using WebInfra.Topology.Model;

namespace WebInfra.Topology.Validation;

/// <summary>
/// A VIP floats between balancers on one network: it needs hosts of their own (namespaces or real hosts), two or more
/// balancers on different servers that serve the same ports, priorities that decide one holder, and an address of the
/// hosts' subnet that nothing else has.
/// </summary>
internal sealed class VipValidator : ITopologyValidator
{
    public void Validate(Model.Topology topology, ICollection<TopologyError> errors)
    {
        if (topology.Vips.Count == 0)
        {
            return;
        }

        if (topology.Hosts is not (HostKind.Namespaces or HostKind.Ssh))
        {
            errors.Add(new TopologyError(topology.VipsLocation!,
                $"a VIP needs servers that are hosts of their own ('hosts: {HostKind.Namespaces.ToKey()}', or real hosts): under 'hosts: {topology.Hosts.ToKey()}' every server shares this machine's loopback interface, so no address can float from one to another",
                $"add 'hosts: {HostKind.Namespaces.ToKey()}'; or, to keep loopback servers, remove vips and give a dns record the balancers' own addresses (active-active DNS)"));
            return;
        }

        var addresses = new Dictionary<System.Net.IPAddress, VirtualAddress>();
        var routerIds = new Dictionary<int, VirtualAddress>();
        foreach (var vip in topology.Vips)
        {
            CheckAddress(topology, vip, addresses, errors);
            if (!routerIds.TryAdd(vip.RouterId, vip))
            {
                errors.Add(new TopologyError(vip.RouterIdLocation ?? vip.Location,
                    $"VIP '{vip.Name}' has VRRP router id {vip.RouterId}, which VIP '{routerIds[vip.RouterId].Name}' already has ({routerIds[vip.RouterId].Location})",
                    "give each VIP its own 'vrid' (1 to 255), or leave vrid out on both to number them in file order"));
            }

            CheckMembers(topology, vip, errors);
        }
    }

    private static void CheckAddress(Model.Topology topology, VirtualAddress vip, Dictionary<System.Net.IPAddress, VirtualAddress> addresses, ICollection<TopologyError> errors)
    {
        var at = vip.AddressLocation ?? vip.Location;
        if (HostsValidator.Problem(vip.Address, topology.HostsSubnet) is { } problem)
        {
            errors.Add(new TopologyError(at, $"VIP '{vip.Name}' has address {vip.Address}, {problem}",
                $"a VIP is an address of the hosts' subnet{(topology.HostsSubnet is { } subnet ? $" {subnet}" : string.Empty)} that no server has"));
        }
        else if (topology.Servers.FirstOrDefault(s => s.Address.Equals(vip.Address)) is { } server)
        {
            errors.Add(new TopologyError(at, $"VIP '{vip.Name}' has address {vip.Address}, which is server '{server.Name}''s own ({server.Location})",
                "a VIP floats between servers, so it must be an address no server has"));
        }
        else if (vip.Address.Equals(topology.OperatorAddress))
        {
            errors.Add(new TopologyError(at, $"VIP '{vip.Name}' has address {vip.Address}, the operator's address in {topology.HostsSubnet}",
                "give the VIP another address of the subnet"));
        }
        else if (!addresses.TryAdd(vip.Address, vip))
        {
            errors.Add(new TopologyError(at, $"VIP '{vip.Name}' has address {vip.Address}, which VIP '{addresses[vip.Address].Name}' already has ({addresses[vip.Address].Location})",
                "two VIPs with one address would fight over it; give each its own address"));
        }
    }

    private static void CheckMembers(Model.Topology topology, VirtualAddress vip, ICollection<TopologyError> errors)
    {
        var balancers = new List<(VrrpMember Member, Component Balancer)>();
        foreach (var member in vip.Members)
        {
            var component = topology.FindComponent(member.ComponentName);
            if (component?.Kind != ComponentKind.Balancer)
            {
                var known = topology.Components.Where(c => c.Kind == ComponentKind.Balancer).Select(c => c.Name).ToList();
                errors.Add(new TopologyError(member.Location,
                    component is null
                        ? $"VIP '{vip.Name}' names {member.ComponentName}, which is not a component of this topology"
                        : $"VIP '{vip.Name}' names {member.ComponentName}, which is a {component.Kind.ToKey()}, not a balancer",
                    known.Count > 0 ? $"the balancers: {string.Join(", ", known)}" : "declare balancers under servers' components"));
            }
            else if (balancers.FirstOrDefault(b => b.Balancer.ServerName == component.ServerName) is { Balancer: { } sibling })
            {
                errors.Add(new TopologyError(member.Location,
                    $"VIP '{vip.Name}' names {member.ComponentName} and {sibling.Name}, both on server '{component.ServerName}': when that server fails, the VIP has nowhere to go",
                    "name balancers on different servers"));
            }
            else
            {
                balancers.Add((member, component));
            }
        }

        if (vip.Members.Count < 2)
        {
            errors.Add(new TopologyError(vip.Location,
                $"VIP '{vip.Name}' names {(vip.Members.Count == 0 ? "no balancer" : $"one balancer ({vip.Members[0].ComponentName})")}: a VIP moves between two or more balancers, so one is a single point of failure still",
                "name a second balancer on another server, with a lower priority: { lb-01/balancer: 150, lb-02/balancer: 100 }"));
        }

        foreach (var tie in vip.Members.GroupBy(m => m.Priority).Where(g => g.Count() > 1))
        {
            var tied = tie.ToList();
            errors.Add(new TopologyError(tied[1].Location,
                $"VIP '{vip.Name}' gives {tied[0].ComponentName} and {tied[1].ComponentName} the same VRRP priority {tie.Key}: which holds the VIP would be decided by their addresses, not by the topology",
                "give each balancer of a VIP its own priority; the highest holds it"));
        }

        if (balancers.Count > 1 && balancers.Select(b => (b.Balancer.Port, b.Balancer.HttpsPort)).Distinct().Count() > 1)
        {
            var (member, balancer) = balancers.First(b => (b.Balancer.Port, b.Balancer.HttpsPort) != (balancers[0].Balancer.Port, balancers[0].Balancer.HttpsPort));
            errors.Add(new TopologyError(member.Location,
                $"{balancer.Name} listens on port {Ports(balancer)} and {balancers[0].Balancer.Name} on {Ports(balancers[0].Balancer)}: the VIP '{vip.Name}' would serve the site on other ports after a takeover",
                "give the balancers of one VIP the same port and https_port"));
        }
    }

    private static string Ports(Component balancer) => balancer.HttpsPort is { } https ? $"{balancer.Port} (https_port {https})" : $"{balancer.Port}";
}
