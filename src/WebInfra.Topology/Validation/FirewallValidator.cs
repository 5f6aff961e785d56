using WebInfra.Topology.Firewall;
using WebInfra.Topology.Loading;
using WebInfra.Topology.Model;

namespace WebInfra.Topology.Validation;

/// <summary>
/// A firewall rule must name sources that exist: a misspelt server would otherwise open nothing, and the component
/// that needs the opening would be refused without a word.
/// </summary>
internal sealed class FirewallValidator : ITopologyValidator
{
    public void Validate(Model.Topology topology, ICollection<TopologyError> errors)
    {
        foreach (var server in topology.Servers)
        {
            foreach (var rule in server.FirewallRules)
            {
                foreach (var source in rule.Sources.Where(s => FirewallSources.Resolve(topology, s) is null))
                {
                    errors.Add(new TopologyError(rule.Location,
                        $"the firewall of server '{server.Name}' opens port {rule.Port} from '{source}', which is not {FirewallSources.Forms}",
                        YamlMapping.Suggest(source, [.. topology.Servers.Select(s => s.Name), .. topology.ComponentNames, .. ComponentRoleNames.AllKinds.Select(k => k.ToKey()), "any", "operators"])));
                }
            }
        }

        if (topology.Firewall is { Enabled: true, Operators.Count: 0, Location: { } location })
        {
            errors.Add(new TopologyError(location, "firewall.operators is empty, so no one could reach the admin listeners, the dashboard or the database",
                "list the addresses operators work from, e.g. operators: [127.0.0.1]"));
        }
    }
}
