using WebInfra.Topology.Loading;
using WebInfra.Topology.Model;

namespace WebInfra.Topology.Validation;

/// <summary>Each server has its own address, and no two components listen on the same address and port.</summary>
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
                    "each server is a separate host: give it its own address, e.g. the next free 127.0.1.x"));
            }
        }

        var endpoints = new Dictionary<string, Component>(StringComparer.Ordinal);
        foreach (var component in topology.Components)
        {
            if (!endpoints.TryAdd(component.Authority, component))
            {
                var first = endpoints[component.Authority];
                errors.Add(new TopologyError(component.Location,
                    $"'{component.Name}' listens on {component.Authority}, which '{first.Name}' already uses ({first.Location})",
                    "give one of them another port"));
            }
        }
    }
}
