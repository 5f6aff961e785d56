using WebInfra.Topology.Model;

namespace WebInfra.Hosting.Vrrp;

/// <summary>
/// A VIP and where it is now: each balancer's keepalived state, read from the servers' events. <c>status</c>, the
/// dashboard and the balancers' metrics all read it this one way.
/// </summary>
/// <param name="Vip">The VIP as the topology declares it.</param>
/// <param name="Members">Its balancers, in the topology's order.</param>
public sealed record VipView(VirtualAddress Vip, IReadOnlyList<VipMemberStatus> Members)
{
    /// <summary>The servers whose keepalived holds the VIP (MASTER): one, or none while it is lost, or two in a split brain.</summary>
    public IReadOnlyList<string> Holders => [.. Members.Where(m => m.Status.State == VrrpState.Master).Select(m => m.Server)];

    /// <summary>Every VIP of <paramref name="topology"/>, read from the keepalived events in <paramref name="stateDirectory"/>.</summary>
    public static IReadOnlyList<VipView> ReadAll(Topology.Model.Topology topology, string stateDirectory)
    {
        ArgumentNullException.ThrowIfNull(topology);

        // Each server's events are read once, for every VIP it may hold.
        var servers = new Dictionary<string, Dictionary<string, VipStatus>>(StringComparer.Ordinal);
        VipStatus StatusOf(string server, string vip)
        {
            if (!servers.TryGetValue(server, out var statuses))
            {
                var files = new KeepalivedFiles(stateDirectory, server);
                statuses = servers[server] = VrrpEvents.Read(files, topology.VipsOnServer(server).Select(v => v.Name)).ToDictionary(s => s.Vip, StringComparer.Ordinal);
            }

            return statuses.GetValueOrDefault(vip) ?? new VipStatus(vip, VrrpState.Init, null, 0);
        }

        return [.. topology.Vips.Select(vip => new VipView(vip, [.. vip.Members.Select(member =>
        {
            var server = topology.FindComponent(member.ComponentName)?.ServerName ?? member.ComponentName;
            return new VipMemberStatus(member.ComponentName, server, member.Priority, StatusOf(server, vip.Name));
        })]))];
    }
}
