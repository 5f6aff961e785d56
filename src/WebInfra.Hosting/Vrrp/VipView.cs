using WebInfra.Topology.Model;

namespace WebInfra.Hosting.Vrrp;

/// <summary>
/// A VIP and where it is now: each balancer's keepalived state, as each reader reaches it (<c>status</c> from the
/// events on each server's host, the dashboard from the metrics of the balancer beside each keepalived).
/// </summary>
/// <param name="Vip">The VIP as the topology declares it.</param>
/// <param name="Members">Its balancers, in the topology's order.</param>
public sealed record VipView(VirtualAddress Vip, IReadOnlyList<VipMemberStatus> Members)
{
    /// <summary>The servers whose keepalived holds the VIP (MASTER): one, or none while it is lost, or two in a split brain.</summary>
    public IReadOnlyList<string> Holders => [.. Members.Where(m => m.Status.State == VrrpState.Master).Select(m => m.Server)];

    /// <summary>
    /// Every VIP of <paramref name="topology"/>, each balancer's state as <paramref name="statusesOf"/> reads it: a
    /// server's name and the VIPs it may hold to their statuses, in that order (read once per server).
    /// </summary>
    public static IReadOnlyList<VipView> ReadAll(Topology.Model.Topology topology, Func<string, IEnumerable<string>, IReadOnlyList<VipStatus>> statusesOf)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(statusesOf);

        // Each server's events are read once, for every VIP it may hold.
        var servers = new Dictionary<string, Dictionary<string, VipStatus>>(StringComparer.Ordinal);
        VipStatus StatusOf(string server, string vip)
        {
            if (!servers.TryGetValue(server, out var statuses))
            {
                statuses = servers[server] = statusesOf(server, topology.VipsOnServer(server).Select(v => v.Name)).ToDictionary(s => s.Vip, StringComparer.Ordinal);
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
