using System.Globalization;

namespace WebInfra.Topology.Model;

/// <summary>
/// The site's zone (the topology's <c>dns</c> section), which the <c>dns</c> component serves with Knot DNS and
/// <c>webinfra dns export</c> prints as a BIND zone file: the zone's name, the TTL of its records and the records.
/// The zone's nameservers are the <c>dns</c> components themselves, <c>ns1</c>, <c>ns2</c>… in file order.
/// </summary>
/// <param name="Zone">The zone's domain name in lower case, without the final dot, e.g. <c>foobar.com</c>.</param>
/// <param name="Ttl">How long resolvers may keep an answer, whole seconds.</param>
/// <param name="Records">The address records, in file order.</param>
/// <param name="Location">Where the section is written.</param>
public sealed record DnsSettings(string Zone, TimeSpan Ttl, IReadOnlyList<DnsRecord> Records, SourceLocation Location)
{
    /// <summary>
    /// The TTL when the topology names none. Short, as for a record in front of a failover (Route 53 suggests 60 s or
    /// less for records behind health checks): a moved address reaches clients within it.
    /// </summary>
    public static readonly TimeSpan DefaultTtl = TimeSpan.FromSeconds(30);

    /// <summary>The shortest TTL <c>dns.ttl</c> takes.</summary>
    public static readonly TimeSpan MinimumTtl = TimeSpan.FromSeconds(1);

    /// <summary>The longest TTL <c>dns.ttl</c> takes: a day, as most zones' longest.</summary>
    public static readonly TimeSpan MaximumTtl = TimeSpan.FromDays(1);

    /// <summary>Where <c>zone</c> is written.</summary>
    public required SourceLocation ZoneLocation { get; init; }

    /// <summary>The nameserver's name in the zone for the <paramref name="index"/>th (from 0) <c>dns</c> component: <c>ns1</c>, <c>ns2</c>….</summary>
    public static string NameServer(int index) => string.Create(CultureInfo.InvariantCulture, $"ns{index + 1}");
}
