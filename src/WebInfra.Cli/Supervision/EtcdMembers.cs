using System.Globalization;
using WebInfra.Hosts;
using WebInfra.Topology.Model;

namespace WebInfra.Cli.Supervision;

/// <summary>
/// The topology's <c>etcd</c> components as members of one etcd cluster, each Debian's <c>etcd</c> run directly as the
/// component's process (as database nodes run mariadbd), on its server's address: its data in the run state
/// (<c>etcd/SERVER/</c>) on its server, every member named in <c>--initial-cluster</c>, and the cluster made new at the first start
/// (no data yet) and joined as existing after. Heartbeat and election timings suit a failover within a few seconds.
/// </summary>
internal sealed class EtcdMembers(Topology.Model.Topology topology, StateDirectory state)
{
    /// <summary>Where Debian's <c>etcd-server</c> package installs the server.</summary>
    public const string Program = "/usr/bin/etcd";

    /// <summary>The Debian package that holds it.</summary>
    public const string Package = "etcd-server";

    /// <summary>How often the etcd leader sends heartbeats, in milliseconds.</summary>
    public const int HeartbeatMilliseconds = 100;

    /// <summary>How long a follower waits for a heartbeat before it calls an election, in milliseconds.</summary>
    public const int ElectionMilliseconds = 1000;

    /// <summary>
    /// The command line that runs <paramref name="component"/> in the foreground on its server, its data directory a path
    /// of this machine's run state, which the driver makes the server's (<see cref="IHostDriver.Start"/>); whether the
    /// member has data yet is asked there, through <paramref name="hosts"/>. etcd makes the folder, for its own user
    /// alone, when it is missing.
    /// </summary>
    /// <exception cref="SupervisorException">The server could not be asked.</exception>
    public (string FileName, List<string> Arguments) Prepare(Component component, IHostDriver hosts)
    {
        var directory = hosts.PathOnServer(component.ServerName, DataDirectory(component));
        var clusterState = hosts.OutputOnServer(component.ServerName, ["sh", "-c", "if [ -d \"$1/member\" ]; then echo existing; else echo new; fi", "sh", directory])?.Trim()
            ?? throw new SupervisorException($"{component.Name}: server '{component.ServerName}' could not be asked whether etcd has data in {directory}");
        return CommandLine(component, clusterState);
    }

    /// <summary>
    /// The command line of <paramref name="component"/> for a unit written by hand (<c>webinfra systemd export</c>),
    /// without asking its server anything: a new cluster's, which etcd ignores once the member has data.
    /// </summary>
    public (string FileName, List<string> Arguments) UnitCommandLine(Component component) => CommandLine(component, "new");

    private (string FileName, List<string> Arguments) CommandLine(Component component, string clusterState)
    {
        var cluster = string.Join(',', topology.EtcdMembers.Select(m => $"{m.ServerName}={PeerUrl(m)}"));
        return (Program,
        [
            "--name", component.ServerName,
            "--data-dir", DataDirectory(component),
            "--listen-client-urls", ClientUrl(component),
            "--advertise-client-urls", ClientUrl(component),
            "--listen-peer-urls", PeerUrl(component),
            "--initial-advertise-peer-urls", PeerUrl(component),
            "--initial-cluster", cluster,
            "--initial-cluster-state", clusterState,
            "--initial-cluster-token", $"webinfra-{topology.Site.Name}",
            "--heartbeat-interval", HeartbeatMilliseconds.ToString(CultureInfo.InvariantCulture),
            "--election-timeout", ElectionMilliseconds.ToString(CultureInfo.InvariantCulture),

            // Raft's pre-vote (etcd 3.5's default, off in Debian's 3.4): a member cut off calls elections with ever
            // higher terms, and without it, once back, it deposes a leader that was fine. Without pre-vote a partition
            // of the leading monitor's server left etcd with no leader for 7 s after it healed, and the primary's
            // lease ran out meanwhile.
            "--pre-vote",

            // The monitors ping each member every second while they call it, to drop a member whose host went silent at
            // once (EtcdChannel); etcd's default (5 s) would answer such pings by closing the connection.
            "--grpc-keepalive-min-time", "1s",
            "--logger", "zap",
        ]);
    }

    /// <summary>The member's data directory in the run state, removed with it by <c>down --purge</c>.</summary>
    public string DataDirectory(Component component) => Path.Combine(state.Path, "etcd", component.ServerName);

    /// <summary>The URL etcd's clients (the monitors, the CLI) reach the member at.</summary>
    public static string ClientUrl(Component component) => $"http://{component.EndPoint}";

    private static string PeerUrl(Component component) => $"http://{component.PeerEndPoint}";
}
