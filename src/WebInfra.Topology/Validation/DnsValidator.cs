using System.Text.RegularExpressions;
using WebInfra.Topology.Loading;
using WebInfra.Topology.Model;

namespace WebInfra.Topology.Validation;

/// <summary>
/// The site's zone and its servers belong together: a <c>dns</c> section needs a <c>dns</c> component to serve it and
/// a <c>dns</c> component a section to serve. The zone is a domain name, each record's name a host name in it (not one
/// of the nameservers' own <c>ns1</c>, <c>ns2</c>…), and each value an address or a name the topology resolves. Under
/// <c>hosts: namespaces</c> a <c>dns</c> component listens on port 53, the only port a resolver's
/// <c>/etc/resolv.conf</c> can name: the operator namespace resolves the site's names through it.
/// </summary>
internal sealed partial class DnsValidator : ITopologyValidator
{
    /// <summary>The longest domain name, in characters of its text form without the final dot (RFC 1035: 255 octets on the wire).</summary>
    private const int MaximumNameLength = 253;

    /// <summary>The port DNS clients and <c>/etc/resolv.conf</c> use, with no way to name another.</summary>
    private const int DnsPort = 53;

    public void Validate(Model.Topology topology, ICollection<TopologyError> errors)
    {
        var nameServers = topology.NameServers.ToList();
        if (topology.Dns is not { } dns)
        {
            foreach (var server in nameServers)
            {
                errors.Add(new TopologyError(server.Location, $"'{server.Name}' would serve the site's zone, but the topology has no dns section",
                    "add one, e.g. dns: { zone: foobar.com, records: { www: [lb-01] } }, or remove the dns component"));
            }

            return;
        }

        if (nameServers.Count == 0)
        {
            errors.Add(new TopologyError(dns.Location, $"dns describes the zone '{dns.Zone}', but no server has a dns component to serve it",
                "add 'dns: { port: 53 }' to the components of a server"));
        }

        if (dns.Zone.Length > 0 && !IsDomainName(dns.Zone))
        {
            errors.Add(new TopologyError(dns.ZoneLocation, $"'zone' in dns is '{dns.Zone}', which is not a domain name",
                "labels of letters, digits and '-' (not first or last), at most 63 characters each, joined by '.', such as foobar.com"));
        }

        ValidateRecords(topology, dns, nameServers.Count, errors);
        if (topology.Hosts == HostKind.Namespaces)
        {
            foreach (var server in nameServers.Where(s => s.Port != DnsPort))
            {
                errors.Add(new TopologyError(server.Location, $"'{server.Name}' listens on port {server.Port}; under 'hosts: namespaces' a dns component listens on port {DnsPort}",
                    $"the operator namespace resolves the site's names through it, and /etc/resolv.conf can only reach port {DnsPort}: write 'dns: {{ port: {DnsPort} }}'"));
            }
        }
    }

    private static void ValidateRecords(Model.Topology topology, DnsSettings dns, int nameServerCount, ICollection<TopologyError> errors)
    {
        var reserved = Enumerable.Range(0, nameServerCount).Select(DnsSettings.NameServer).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var record in dns.Records.DistinctBy(r => r.NameLocation))
        {
            if (record.Name != DnsRecord.Apex && !IsDomainName(record.Name))
            {
                errors.Add(new TopologyError(record.NameLocation, $"dns record '{record.Name}' is not a host name in the zone",
                    "labels of letters, digits and '-' (not first or last), such as www or api.eu; '@' names the zone itself"));
            }
            else if (record.Name.Length + 1 + dns.Zone.Length > MaximumNameLength)
            {
                errors.Add(new TopologyError(record.NameLocation, $"dns record '{record.Name}.{dns.Zone}' is longer than a domain name may be ({MaximumNameLength} characters)"));
            }
            else if (reserved.Contains(record.Name))
            {
                errors.Add(new TopologyError(record.NameLocation, $"dns record '{record.Name}' is the name of one of the zone's nameservers, which WebInfra points at its dns component",
                    "give the record another name"));
            }
        }

        foreach (var record in dns.Records.Where(r => r.Resolve(topology).Count == 0))
        {
            errors.Add(new TopologyError(record.ValueLocation, $"dns record '{record.Name}' points at '{record.Value}', which is not an address, a server or a component",
                YamlMapping.Suggest(record.Value, [.. topology.Servers.Select(s => s.Name), .. topology.ComponentNames])));
        }
    }

    private static bool IsDomainName(string name) => name.Length <= MaximumNameLength && DomainName().IsMatch(name);

    [GeneratedRegex(@"^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$")]
    private static partial Regex DomainName();
}
