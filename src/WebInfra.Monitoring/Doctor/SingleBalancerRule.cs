using WebInfra.Topology.Model;

namespace WebInfra.Monitoring.Doctor;

/// <summary>
/// The balancer is the site's door: with one (or none, when clients reach the only web server directly) a single
/// host's failure takes the whole site off the air, however many servers stand behind it.
/// </summary>
internal sealed class SingleBalancerRule : SingleServerTierRule
{
    public override string Name => DoctorRules.SingleBalancer;

    protected override ComponentKind Kind => ComponentKind.Balancer;

    protected override Finding? Describe(DoctorContext context, IReadOnlyList<Component> components)
    {
        var topology = context.Topology;
        if (components.Count == 0)
        {
            var entry = topology.EntryPoint!;
            var web = string.Join(", ", topology.Components.Where(c => c.Kind == ComponentKind.Web).Select(c => c.Name));
            return new Finding(Name, FindingSeverity.Error, entry.Name, entry.Location,
                $"no balancer: clients reach '{entry.Name}' directly, so the site is down whenever {entry.ServerName} is, and a second web server could not share the load",
                "put a balancer on a server of its own in front of the web servers (and give the site's name its address)",
                context.NewServer(context.NewServerName("lb-00"), entry.Address, DoctorContext.ComponentLine(ComponentKind.Balancer, 8080, "web"))
                + $"\nbackends:\n  web:\n    members: [{web}]\n    algorithm: roundrobin");
        }

        var balancer = components[0];
        return new Finding(Name, FindingSeverity.Error, balancer.Name, balancer.Location,
            $"{Only(components, "balancer")}: when {balancer.ServerName} fails the whole site is down, whatever runs behind it",
            $"add a second balancer on another server, forwarding to the same backend, and give {topology.Site.Name} both addresses "
            + "(a dns record with both, checked by the site's DNS server) or, under 'hosts: namespaces', a VIP that keepalived moves to the live one ('vips')",
            context.ScaleOut(balancer, listInBackend: false));
    }
}
