using System.Globalization;
using WebInfra.Topology.Firewall;
using WebInfra.Topology.Model;

namespace WebInfra.Hosts.Ssh;

/// <summary>
/// One connection a server's components open to another server (a balancer to its web servers, an application to its
/// database, an etcd member to its peers), tried from the server itself during the first look: a host that cannot reach
/// a peer, or whose packets are dropped on the way, is reported before anything changes, rather than found later as
/// members that never come up. The connections are exactly those the peers' firewalls open to the server.
/// </summary>
/// <param name="Peer">The server connected to.</param>
/// <param name="Port">The port connected to.</param>
/// <param name="Purpose">What the connection is for, as the peer's firewall says (<c>server-2/web from its balancers</c>).</param>
internal sealed record PeerProbe(Server Peer, int Port, string Purpose)
{
    /// <summary>How long a connection may take before its packets count as dropped.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    /// <summary>What a probe met: an answer (open or refused: the host is there), or why there was none.</summary>
    public const string Open = "open";

    /// <inheritdoc cref="Open"/>
    public const string Refused = "refused";

    /// <inheritdoc cref="Open"/>
    public const string Dropped = "dropped";

    /// <summary>The probe's key in the host's answer: <c>ADDRESS:PORT</c>.</summary>
    public string Key => string.Create(CultureInfo.InvariantCulture, $"{Peer.Address}:{Port}");

    /// <summary>
    /// The connections <paramref name="server"/>'s components open to the other servers of <paramref name="topology"/>: each
    /// opening of another server's firewall that admits <paramref name="server"/> by name, not as anyone.
    /// </summary>
    public static IReadOnlyList<PeerProbe> For(Topology.Model.Topology topology, Server server)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(server);
        return [.. topology.Servers
            .Where(peer => peer != server)
            .SelectMany(peer => ServerFirewall.For(topology, peer).Openings
                .Where(o => !o.FromAnywhere && o.Admits(server.Address))
                .Select(o => new PeerProbe(peer, o.Port, o.Purpose)))
            .DistinctBy(p => p.Key)];
    }

    /// <summary>
    /// The shell lines that try every probe at once, with bash's <c>/dev/tcp</c> and <c>timeout</c>, and print one
    /// <c>peer=ADDRESS:PORT OUTCOME</c> line each: <see cref="Open"/>, <see cref="Refused"/>, <see cref="Dropped"/>, or
    /// the reason the kernel gave (<c>no-route</c>, <c>unreachable</c>, <c>error</c>).
    /// </summary>
    public static string Script(IEnumerable<PeerProbe> probes)
    {
        ArgumentNullException.ThrowIfNull(probes);
        var keys = string.Join(' ', probes.Select(p => p.Key));
        return keys.Length == 0 ? "true" : string.Join('\n',
            $"for peer in {keys}; do",
            "  (",
            string.Create(CultureInfo.InvariantCulture,
                $"    error=$(timeout {Timeout.TotalSeconds:0} bash -c \"exec 3<>/dev/tcp/${{peer%:*}}/${{peer##*:}}\" 2>&1); code=$?"),
            "    case \"$code:$error\" in",
            $"      0:*) outcome={Open} ;;",
            $"      124:*) outcome={Dropped} ;;",
            $"      *refused*) outcome={Refused} ;;",
            "      *'No route'*) outcome=no-route ;;",
            "      *nreachable*) outcome=unreachable ;;",
            "      *) outcome=error ;;",
            "    esac",
            "    printf 'peer=%s %s\\n' \"$peer\" \"$outcome\"",
            "  ) &",
            "done",
            "wait");
    }

    /// <summary>
    /// What is wrong with this connection, tried from <paramref name="server"/>, or null when the peer answered. A drop
    /// is the site's own firewall's doing only where the peer runs another ruleset than this topology gives it (a server
    /// added since it was loaded): <paramref name="peerFirewallCurrent"/> false, and that drop is not reported, since the
    /// ruleset loaded next admits the server.
    /// </summary>
    /// <param name="server">The server the probe ran on.</param>
    /// <param name="outcome">What the host printed for the probe, or null when it printed nothing.</param>
    /// <param name="peerFirewallCurrent">False when the peer runs a ruleset of the site that is not this topology's.</param>
    public string? Problem(Server server, string? outcome, bool peerFirewallCurrent)
    {
        ArgumentNullException.ThrowIfNull(server);
        var what = $"{Peer.Name} ({Peer.Address}) port {Port.ToString(CultureInfo.InvariantCulture)} ({Purpose})";
        return outcome switch
        {
            Open or Refused => null,
            Dropped when !peerFirewallCurrent => null,
            Dropped => string.Create(CultureInfo.InvariantCulture,
                $"its connections to {what} get no answer within {Timeout.TotalSeconds:0} s: a firewall on the way, or on {Peer.Name} and not the site's, drops them; let {server.Address} through to port {Port}"),
            "no-route" => $"it has no route to {what}: check that {Peer.Address} is {Peer.Name}'s address, and this host's routes",
            "unreachable" => $"its network cannot reach {what}: check this host's routes",
            null => $"it did not say whether it reaches {what}",
            _ => $"it could not connect to {what}",
        };
    }
}
