using WebInfra.Topology.Dns;
using WebInfra.Topology.Model;

namespace WebInfra.Cli.Supervision;

/// <summary>
/// The topology's <c>dns</c> components as Knot DNS servers, each run by its component's agent
/// (<see cref="Components.NameServerAgent"/>) as its child: each gets a folder of its own in the run state (<c>dns/SERVER/</c>) with its <c>knot.conf</c>, the zone file, Knot's
/// databases, PID file and control socket (see <see cref="KnotConfiguration"/>), all written again at every start, so
/// an edited topology is served from the next start on. Nothing is written to the system's Knot folders, and no
/// system service is started.
/// </summary>
internal sealed class DnsServers(Topology.Model.Topology topology, StateDirectory state)
{
    /// <summary>Where Debian's <c>knot</c> package installs the server.</summary>
    public const string Knotd = "/usr/sbin/knotd";

    /// <summary>Writes the server's configuration and zone file; returns the command line that starts it in the foreground.</summary>
    public (string FileName, List<string> Arguments) Prepare(Component component)
    {
        var dns = topology.Dns ?? throw new InvalidOperationException($"{topology.SourcePath} has a dns component and no dns section; validation refuses that");
        var directory = DirectoryOf(component);
        Directory.CreateDirectory(KnotConfiguration.StorageDirectory(directory));
        Directory.CreateDirectory(KnotConfiguration.RunDirectory(directory));
        File.WriteAllText(KnotConfiguration.ZoneFilePath(directory, dns), ZoneFile.Create(topology));
        var configFile = KnotConfiguration.ConfigFile(directory);
        File.WriteAllText(configFile, KnotConfiguration.Create(component, dns, directory));
        return (Knotd, ["-c", configFile]);
    }

    /// <summary>The folder of <paramref name="component"/>'s Knot: its configuration, zone file, databases and control socket.</summary>
    public string DirectoryOf(Component component)
    {
        ArgumentNullException.ThrowIfNull(component);
        return Path.Combine(state.Path, "dns", component.ServerName);
    }
}
