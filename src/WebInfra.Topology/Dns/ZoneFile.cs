using System.Net;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using WebInfra.Topology.Model;

namespace WebInfra.Topology.Dns;

/// <summary>
/// The site's zone as a BIND master file (RFC 1035 section 5), which <c>webinfra dns export</c> prints, Knot DNS
/// serves and <c>named-checkzone</c> checks: the SOA, one NS record and glue address per <c>dns</c> component
/// (<c>ns1</c>, <c>ns2</c>… at their servers' addresses), then an A (or AAAA) record for each address of each record.
/// </summary>
/// <remarks>
/// The serial is the topology file's last change in seconds since 1970 (as <c>date +%s</c>). The zone is made from the
/// topology alone, so it changes only when the file does, and then the serial grows; exporting the same file twice gives
/// the same serial, so a secondary transfers nothing it already has. Unlike a <c>yyyymmddNN</c> serial it needs no
/// record of the last one, and it fits the 32 bits of the field until 2106. A file put back with an older time (a copy
/// that keeps times) would lower it: touch the file.
/// </remarks>
public static class ZoneFile
{
    /// <summary>SOA refresh: how often a secondary checks the serial (RIPE-203: 24 h).</summary>
    public static readonly TimeSpan Refresh = TimeSpan.FromHours(24);

    /// <summary>SOA retry: how soon a secondary checks again after a failed refresh (RIPE-203: 2 h).</summary>
    public static readonly TimeSpan Retry = TimeSpan.FromHours(2);

    /// <summary>SOA expire: how long a secondary keeps answering without reaching the primary (RIPE-203: 1000 h).</summary>
    public static readonly TimeSpan Expire = TimeSpan.FromHours(1000);

    /// <summary>The mailbox of the zone's administrator, in the zone (RFC 2142).</summary>
    public const string Hostmaster = "hostmaster";

    /// <summary>The zone of <paramref name="topology"/>, its serial the topology file's last change (see the remarks).</summary>
    /// <exception cref="ArgumentException">The topology has no <c>dns</c> section.</exception>
    public static string Create(Model.Topology topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        return Create(topology, SerialOf(File.GetLastWriteTimeUtc(topology.SourcePath)));
    }

    /// <summary>
    /// The zone of <paramref name="topology"/> with <paramref name="serial"/>, leaving out of each record the addresses in
    /// <paramref name="withdrawn"/> (found down by the DNS server's health checks), unless that would leave the record
    /// none: then it keeps them all, as Route 53 answers with every record when all are unhealthy, since a client may
    /// still reach one the checks cannot.
    /// </summary>
    /// <exception cref="ArgumentException">The topology has no <c>dns</c> section.</exception>
    public static string Create(Model.Topology topology, uint serial, IReadOnlySet<IPAddress>? withdrawn = null)
    {
        ArgumentNullException.ThrowIfNull(topology);
        var dns = topology.Dns ?? throw new ArgumentException($"{topology.SourcePath} has no dns section", nameof(topology));
        var ttl = Seconds(dns.Ttl);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"""
            ; The zone {dns.Zone} of {topology.Site.Name}, written by 'webinfra dns export' from {topology.SourcePath}.
            ; Serial: the topology file's last change, in seconds since 1970. Check it with 'named-checkzone {dns.Zone} FILE'.
            $ORIGIN {dns.Zone}.
            $TTL {ttl}
            @	IN	SOA	{DnsSettings.NameServer(0)} {Hostmaster} {serial} {Seconds(Refresh)} {Seconds(Retry)} {Seconds(Expire)} {ttl}

            """);
        var nameServers = topology.NameServers.ToList();
        for (var i = 0; i < nameServers.Count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"@\tIN\tNS\t{DnsSettings.NameServer(i)}\n");
        }

        var records = nameServers.Select((server, i) => (Name: DnsSettings.NameServer(i), server.Address))
            .Concat(dns.Records.GroupBy(r => r.Name, StringComparer.Ordinal).SelectMany(record =>
            {
                var addresses = record.SelectMany(r => r.Resolve(topology)).Distinct().ToList();
                var healthy = addresses.Where(a => withdrawn?.Contains(a) != true).ToList();
                return (healthy.Count > 0 ? healthy : addresses).Select(address => (Name: record.Key, Address: address));
            }))
            .Distinct();
        foreach (var (name, address) in records)
        {
            var type = address.AddressFamily == AddressFamily.InterNetworkV6 ? "AAAA" : "A";
            text.Append(CultureInfo.InvariantCulture, $"{name}\tIN\t{type}\t{address}\n");
        }

        return text.ToString();
    }

    /// <summary>The serial for a zone last changed at <paramref name="changedUtc"/>: its seconds since 1970.</summary>
    public static uint SerialOf(DateTime changedUtc) => (uint)Math.Clamp(new DateTimeOffset(changedUtc, TimeSpan.Zero).ToUnixTimeSeconds(), 1, uint.MaxValue);

    private static long Seconds(TimeSpan value) => (long)value.TotalSeconds;
}
