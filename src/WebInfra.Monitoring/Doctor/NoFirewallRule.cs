using WebInfra.Topology.Firewall;
using WebInfra.Topology.Model;

namespace WebInfra.Monitoring.Doctor;

/// <summary>
/// Nothing limits who reaches which port: the database, the application servers and every admin listener (drain,
/// backend state) answer anyone who can reach their host. The fix lists the openings the topology's firewall would
/// keep, the same ones <c>webinfra firewall show</c> prints, so what doctor proposes is what turning it on does.
/// </summary>
internal sealed class NoFirewallRule : IDoctorRule
{
    private static readonly string[] s_fix =
        ["firewall:", "  enabled: true", "  operators: [127.0.0.1]     # where webinfra, Prometheus and the dashboard run", "# keeps open:"];

    public string Name => DoctorRules.NoFirewall;

    public void Examine(DoctorContext context, ICollection<Finding> findings)
    {
        var topology = context.Topology;
        if (topology.Firewall.Enabled)
        {
            return;
        }

        var openings = topology.Servers
            .SelectMany(s => ServerFirewall.For(topology, s).Openings.Where(o => o.Port != topology.Firewall.SshPort).Select(o => (
                To: $"{s.Address}:{o.Port}",
                From: FirewallSources.Describe(o.Sources),
                o.Purpose)))
            .ToList();
        var width = openings.Max(o => o.To.Length);
        var exposed = topology.Components.Where(c => c.Kind is ComponentKind.Database or ComponentKind.App).Select(c => $"{c.Name} ({c.Authority})").Take(2);
        findings.Add(new Finding(Name, FindingSeverity.Warning, "site", topology.Firewall.Location ?? context.WholeFile(),
            $"no firewall: every port of every server answers anyone who can reach the host, e.g. {string.Join(" and ", exposed.DefaultIfEmpty(topology.EntryPoint!.Name))}, and the admin listeners, where only the site's tokens stand between a stranger and a drain",
            "turn the firewall on: every server then drops all but the openings below, on WebInfra's listeners and, with 'webinfra firewall export SERVER', in nftables on real hosts; database nodes are limited by host-based grants",
            string.Join("\n", s_fix.Concat(openings.Select(o => $"#   {o.To.PadRight(width)}  from {o.From}  ({o.Purpose})")))));
    }
}
