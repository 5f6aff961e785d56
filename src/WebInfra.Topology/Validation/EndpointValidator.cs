using WebInfra.Topology.Loading;
using WebInfra.Topology.Model;

namespace WebInfra.Topology.Validation;

/// <summary>
/// Each server has its own address, and no two listeners (components' and their admin listeners) share an address and port.
/// </summary>
internal sealed class EndpointValidator : ITopologyValidator
{
    public void Validate(Model.Topology topology, ICollection<TopologyError> errors)
    {
        var addresses = new Dictionary<System.Net.IPAddress, Server>();
        foreach (var server in topology.Servers)
        {
            if (!addresses.TryAdd(server.Address, server))
            {
                var first = addresses[server.Address];
                errors.Add(new TopologyError(server.Location,
                    $"server '{server.Name}' has address {server.Address}, which server '{first.Name}' already has ({first.Location})",
                    topology.OnSwitch
                        ? HostsValidator.Hint(topology)
                        : "each server is a separate host: give it its own address, e.g. the next free 127.0.1.x"));
            }
        }

        var endpoints = new Dictionary<System.Net.IPEndPoint, (Component Owner, string Listener)>();
        var collided = new HashSet<Component>();
        foreach (var component in topology.Components)
        {
            if (!Claim(endpoints, component, component.EndPoint, $"'{component.Name}'", errors))
            {
                collided.Add(component);
            }
        }

        // A component whose port already collided would only repeat the report for its default admin port.
        foreach (var component in topology.Components.Where(c => c.AdminEndPoint is not null && !collided.Contains(c)))
        {
            Claim(endpoints, component, component.AdminEndPoint!, $"the admin listener of '{component.Name}'", errors);
        }

        foreach (var component in topology.Components.Where(c => c.HttpsEndPoint is not null && !collided.Contains(c)))
        {
            Claim(endpoints, component, component.HttpsEndPoint!, $"the HTTPS listener of '{component.Name}'", errors);
        }

        foreach (var component in topology.Components.Where(c => c.PeerEndPoint is not null && !collided.Contains(c)))
        {
            Claim(endpoints, component, component.PeerEndPoint!, $"the peer listener of '{component.Name}' (peer_port)", errors);
        }

        foreach (var component in topology.Components.Where(c => !collided.Contains(c)))
        {
            var ports = topology.DatabaseEndpointsOf(component);
            for (var i = 0; i < ports.Count; i++)
            {
                Claim(endpoints, component, ports[i], $"the database {(i == 0 ? "writer" : "reader")} endpoint of '{component.Name}' (database.endpoints)", errors);
            }
        }
    }

    private static bool Claim(Dictionary<System.Net.IPEndPoint, (Component Owner, string Listener)> endpoints, Component component, System.Net.IPEndPoint endPoint, string listener, ICollection<TopologyError> errors)
    {
        if (endpoints.TryAdd(endPoint, (component, listener)))
        {
            return true;
        }

        var first = endpoints[endPoint];
        errors.Add(new TopologyError(component.Location,
            $"{listener} listens on {endPoint}, which {first.Listener} already uses ({first.Owner.Location})",
            "give one of them another port (an admin listener takes its component's port + 1000 unless 'admin_port' says otherwise)"));
        return false;
    }
}
