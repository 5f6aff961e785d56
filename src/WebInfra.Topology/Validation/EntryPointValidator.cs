using WebInfra.Topology.Loading;
using WebInfra.Topology.Model;

namespace WebInfra.Topology.Validation;

/// <summary>Users need a way in: a balancer, or in the one-server design a single web server.</summary>
internal sealed class EntryPointValidator : ITopologyValidator
{
    public void Validate(Model.Topology topology, ICollection<TopologyError> errors)
    {
        if (topology.Components.Any(c => c.Kind == ComponentKind.Balancer))
        {
            return;
        }

        var webServers = topology.Components.Where(c => c.Kind == ComponentKind.Web).ToList();
        var location = topology.Site.Location;
        if (webServers.Count == 0)
        {
            errors.Add(new TopologyError(location, "the site has no balancer and no web server, so nothing answers its users",
                "add 'web: { port: 8081, backend: app }' to a server"));
        }
        else if (webServers.Count > 1)
        {
            errors.Add(new TopologyError(webServers[1].Location,
                $"the site has {webServers.Count} web servers but no balancer in front of them",
                "add a server with 'balancer: { port: 8080, backend: web }' and a backend listing the web servers"));
        }
    }
}
