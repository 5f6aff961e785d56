using System.Globalization;
using WebInfra.Topology.Model;

namespace WebInfra.Topology.Dns;

/// <summary>
/// The configuration of the Knot DNS server (<c>knotd -c FILE</c>, Knot 3.2) that runs one <c>dns</c> component:
/// it listens on the component's address and port only (UDP and TCP), serves the zone file <see cref="ZoneFile"/>
/// writes, and keeps everything of its own (databases, PID file, control socket) in the component's folder, never in
/// the system's <c>/var/lib/knot</c> or <c>/run/knot</c>, so it runs beside a system Knot and leaves nothing elsewhere.
/// </summary>
/// <remarks>
/// The folder holds <c>knot.conf</c>, the zone file, <c>storage/</c> (the timer database) and <c>run/</c> (PID file and
/// <c>knot.sock</c>, which <c>knotc -c knot.conf</c> reaches). knotd runs in the foreground (no <c>-d</c>) and logs to
/// its standard error, the component's log. The zone is read whole from the file at every start, with no journal, so
/// the file is the one truth. One worker of each kind: the zone is a handful of records, and the machine's cores are
/// for the site.
/// </remarks>
public static class KnotConfiguration
{
    /// <summary>The configuration file in <paramref name="directory"/>.</summary>
    public static string ConfigFile(string directory) => Path.Combine(directory, "knot.conf");

    /// <summary>The zone file of <paramref name="dns"/> in <paramref name="directory"/>.</summary>
    public static string ZoneFilePath(string directory, DnsSettings dns)
    {
        ArgumentNullException.ThrowIfNull(dns);
        return Path.Combine(directory, dns.Zone + ".zone");
    }

    /// <summary>Knot's control socket in <paramref name="directory"/>.</summary>
    public static string ControlSocket(string directory) => Path.Combine(RunDirectory(directory), "knot.sock");

    /// <summary>The folder of Knot's timer database in <paramref name="directory"/>.</summary>
    public static string StorageDirectory(string directory) => Path.Combine(directory, "storage");

    /// <summary>The folder of Knot's PID file and control socket in <paramref name="directory"/>.</summary>
    public static string RunDirectory(string directory) => Path.Combine(directory, "run");

    /// <summary>The configuration of <paramref name="server"/> serving <paramref name="dns"/>, its files in <paramref name="directory"/>.</summary>
    public static string Create(Component server, DnsSettings dns, string directory)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(dns);
        return string.Create(CultureInfo.InvariantCulture, $"""
            # Knot DNS for {server.Name}, serving {dns.Zone}; written by webinfra at every start.
            server:
                listen: {server.Address}@{server.Port}
                rundir: "{RunDirectory(directory)}"
                udp-workers: 1
                tcp-workers: 1
                background-workers: 1

            log:
              - target: stderr
                any: info

            database:
                storage: "{StorageDirectory(directory)}"

            control:
                listen: "{ControlSocket(directory)}"

            zone:
              - domain: {dns.Zone}
                file: "{ZoneFilePath(directory, dns)}"
                zonefile-load: whole
                zonefile-sync: -1
                journal-content: none

            """);
    }
}
