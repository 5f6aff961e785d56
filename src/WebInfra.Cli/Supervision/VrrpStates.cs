using WebInfra.Hosting.Vrrp;
using WebInfra.Hosts;

namespace WebInfra.Cli.Supervision;

/// <summary>
/// Each balancer server's keepalived state for its VIPs, read on that server through <paramref name="hosts"/>: its
/// recorded events (<see cref="KeepalivedFiles.Events"/>) and whether the keepalived its pid file names runs there. On
/// an SSH host those files and that process are the host's own, so <c>status</c> and <c>up</c>'s health checks read
/// them there; a server that cannot be reached has no keepalived running (every VIP <see cref="VrrpState.Init"/>).
/// </summary>
internal sealed class VrrpStates(Topology.Model.Topology topology, IHostDriver hosts, string stateDirectory)
{
    /// <summary>The last line the script prints when the server's keepalived runs.</summary>
    private const string Running = "running";

    /// <summary>Prints the events file (<c>$1</c>), then <see cref="Running"/> when the pid file (<c>$2</c>) names a live keepalived.</summary>
    private const string Script =
        "cat -- \"$1\" 2>/dev/null; pid=$(cat -- \"$2\" 2>/dev/null); "
        + "if [ -n \"$pid\" ] && [ \"$(cat /proc/\"$pid\"/comm 2>/dev/null)\" = keepalived ]; then echo " + Running + "; fi";

    /// <summary>The state of each VIP of <paramref name="vips"/> on <paramref name="server"/>, in that order.</summary>
    public IReadOnlyList<VipStatus> Of(string server, IEnumerable<string> vips)
    {
        var files = new KeepalivedFiles(stateDirectory, server);
        var lines = (hosts.OutputOnServer(server, ["sh", "-c", Script, "sh", hosts.PathOnServer(server, files.Events), hosts.PathOnServer(server, files.PidFile)])
            ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return VrrpEvents.Statuses(lines.Where(l => l != Running), lines.Contains(Running), vips);
    }

    /// <summary>Every VIP of the site and where it is now.</summary>
    public IReadOnlyList<VipView> All() => VipView.ReadAll(topology, Of);
}
