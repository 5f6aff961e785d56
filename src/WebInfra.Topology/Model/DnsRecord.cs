using System.Net;

namespace WebInfra.Topology.Model;

/// <summary>
/// One address record of the site's zone, as the topology's <c>dns.records</c> writes it (<c>www: [lb-01]</c> is one
/// record per value): a name in the zone and what it points at, an address written out or the name of something of the
/// topology that has one.
/// </summary>
/// <param name="Name">The record's name relative to the zone, e.g. <c>www</c>; <c>@</c> for the zone itself.</param>
/// <param name="Value">What it points at as written: an IPv4 or IPv6 address, a server name or a component name.</param>
/// <param name="NameLocation">Where the name is written.</param>
/// <param name="ValueLocation">Where the value is written.</param>
public sealed record DnsRecord(string Name, string Value, SourceLocation NameLocation, SourceLocation ValueLocation)
{
    /// <summary>The name that stands for the zone itself (its apex), as in a BIND zone file.</summary>
    public const string Apex = "@";

    /// <summary>
    /// The addresses the record answers with: the value itself when it is an address, else what
    /// <see cref="Topology.AddressesFor"/> finds for the name. Empty when the value is neither (validation reports it).
    /// </summary>
    public IReadOnlyList<IPAddress> Resolve(Topology topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        return WrittenAddress.TryParse(Value, out var address) ? [address] : topology.AddressesFor(Value);
    }
}
