using WebInfra.Topology.Model;

namespace WebInfra.Monitoring.Doctor;

/// <summary>
/// Two balancers are no second door while clients know only one address: the site needs a VIP that two of them may hold,
/// or a DNS record that answers with two entry addresses (two balancers, or two VIPs). Without either, the first
/// balancer's server is still the single point of failure the second one was meant to remove.
/// </summary>
internal sealed class OneEntryAddressRule : IDoctorRule
{
    public string Name => DoctorRules.OneEntryAddress;

    public void Examine(DoctorContext context, ICollection<Finding> findings)
    {
        var topology = context.Topology;
        var balancers = topology.Components.Where(c => c.Kind == ComponentKind.Balancer).ToList();
        if (balancers.Count < 2 || topology.Vips.Any(v => v.Members.Count > 1) || HasRecordOverTwoEntries(topology, balancers))
        {
            return;
        }

        var (first, second) = (balancers[0], balancers[1]);
        var fix = topology.Hosts == HostKind.Namespaces
            ? "give them a VIP that keepalived moves to the live one, or a dns record with both addresses, checked by the site's DNS server"
            : "list both in a dns record, checked by the site's DNS server (a VIP needs 'hosts: namespaces')";
        var snippet = topology.Hosts == HostKind.Namespaces
            ? $"vips:\n  www:\n    address: ADDRESS      # an address of {topology.HostsSubnet} that no server has\n    balancers: {{ {first.Name}: 150, {second.Name}: 100 }}"
            : $"dns:\n  zone: {topology.Site.Name.Split('.', 2)[^1]}\n  records:\n    www: [{first.ServerName}, {second.ServerName}]";
        findings.Add(new Finding(Name, FindingSeverity.Error, first.Name, first.Location,
            $"{balancers.Count} balancers, but clients know only {first.Name}'s address: no VIP and no DNS record spans two of them, so when {first.ServerName} fails the site is down for its clients while {second.Name} idles",
            fix,
            snippet));
    }

    private static bool HasRecordOverTwoEntries(Topology.Model.Topology topology, IReadOnlyList<Component> balancers)
    {
        var entries = balancers.Select(b => b.Address).Concat(topology.Vips.Select(v => v.Address)).ToHashSet();
        return topology.Dns?.Records.GroupBy(r => r.Name, StringComparer.Ordinal)
            .Any(record => record.SelectMany(r => r.Resolve(topology)).Where(entries.Contains).Distinct().Count() > 1) == true;
    }
}
