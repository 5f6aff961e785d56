using WebInfra.Topology.Model;

namespace WebInfra.Monitoring.Doctor;

/// <summary>
/// Nothing limits who reaches which port: the database, the application servers and every admin listener (drain,
/// backend state) answer anyone who can reach their host. The topology has no firewall settings yet (issue 6 adds
/// them), so the rule works out from the topology which flows the site needs, which is what a firewall must allow;
/// once the settings exist, it compares them with these flows.
/// </summary>
internal sealed class NoFirewallRule : IDoctorRule
{
    private const string Operator = "the operator's host only";

    public string Name => DoctorRules.NoFirewall;

    public void Examine(DoctorContext context, ICollection<Finding> findings)
    {
        var topology = context.Topology;
        var flows = Flows(topology).ToList();
        var width = flows.Max(f => f.To.Length);
        var exposed = topology.Components.Where(c => c.Kind is ComponentKind.Database or ComponentKind.App).Select(c => $"{c.Name} ({c.Authority})").Take(2);
        findings.Add(new Finding(Name, FindingSeverity.Warning, "site", context.WholeFile(),
            $"no firewall: every port of every server answers anyone who can reach the host, e.g. {string.Join(" and ", exposed.DefaultIfEmpty(topology.EntryPoint!.Name))}, and the admin listeners that drain members",
            "on each server allow only the flows the site needs and drop the rest (nftables or ufw on the hosts, or the network's ACLs); WebInfra's own firewall settings are planned (issue 6)",
            string.Join("\n", flows.Select(f => $"allow {f.To.PadRight(width)}  from {f.From}").Append("drop  everything else"))));
    }

    /// <summary>Each listening port, and who must reach it.</summary>
    private static IEnumerable<(string To, string From)> Flows(Topology.Model.Topology topology)
    {
        var monitor = topology.Monitor is { } m ? [m] : Array.Empty<Component>();
        foreach (var component in topology.Components)
        {
            var to = $"{component.Authority} ({component.Name})";
            yield return (to, component.Kind switch
            {
                _ when component == topology.EntryPoint || component.Kind == ComponentKind.Balancer => "anywhere",
                ComponentKind.Monitor => Operator,
                // Application servers read and write; replicas replicate from any node (any may be promoted); the monitor checks.
                ComponentKind.Database => Hosts(topology, topology.Components.Where(c => c.Kind is ComponentKind.App or ComponentKind.Database && c != component).Concat(monitor)),
                _ => Hosts(topology, topology.ForwardersTo(component)),
            });
        }

        var admin = topology.Components.Where(c => c.AdminPort is not null).Select(c => c.AdminPort!.Value).Distinct().Order();
        if (admin.Any())
        {
            yield return ($"admin ports {string.Join(", ", admin)}", Operator);
        }
    }

    private static string Hosts(Topology.Model.Topology topology, IEnumerable<Component> sources)
    {
        var servers = topology.Servers.Where(s => sources.Any(c => c.ServerName == s.Name)).ToList();
        return servers.Count == 0 ? "nobody" : string.Join(", ", servers.Select(s => $"{s.Address} ({s.Name})"));
    }
}
