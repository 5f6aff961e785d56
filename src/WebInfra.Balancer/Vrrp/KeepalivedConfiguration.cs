using System.Globalization;
using System.Text;
using WebInfra.Hosting.Vrrp;
using WebInfra.Topology.Model;

namespace WebInfra.Balancer.Vrrp;

/// <summary>
/// The keepalived configuration of one balancer's server: one VRRP instance per VIP its balancer is a member of, all
/// starting as BACKUP so the highest priority alive wins the first election, adverts every 0.1 s (VRRPv3, set in
/// <c>global_defs</c>, the only place keepalived takes sub-second intervals), and the balancer's health as a tracked
/// file that <see cref="KeepalivedAgent"/> keeps (0 healthy, 1 not), which keepalived follows by inotify: the moment it
/// turns 1 the instance goes FAULT, gives the VIP up and tells the backup at once with a priority-0 advert. Nothing of it
/// touches this machine's firewall (no <c>vrrp_strict</c>), its syslog or <c>/run</c>, and it runs no script.
/// </summary>
public static class KeepalivedConfiguration
{
    /// <summary>Where Debian's keepalived package puts the program.</summary>
    public const string Program = "/usr/sbin/keepalived";

    /// <summary>The configuration text for <paramref name="serverName"/>'s keepalived.</summary>
    /// <param name="topology">The site.</param>
    /// <param name="serverName">The balancer's server.</param>
    /// <param name="interfaceName">The server's interface that holds its address, on which the VIPs are added.</param>
    /// <param name="files">Where the server's keepalived keeps its files.</param>
    public static string Render(Topology.Model.Topology topology, string serverName, string interfaceName, KeepalivedFiles files)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(files);
        var balancer = topology.FindServer(serverName)?.Components.FirstOrDefault(c => c.Kind == ComponentKind.Balancer)
            ?? throw new ArgumentException($"server '{serverName}' runs no balancer", nameof(serverName));
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $$"""
            # Written by WebInfra from {{topology.SourcePath}} for {{serverName}}; rewritten at every start.
            global_defs {
                router_id {{serverName}}
                vrrp_version 3
                vrrp_notify_fifo {{Quote(files.NotifyFifo)}}
                # After a split brain heals, the master that steps back says so first, and the one that stays master
                # answers with gratuitous ARPs, so clients whose ARP cache names the one stepping back follow at once.
                vrrp_higher_prio_send_advert true
                vrrp_garp_lower_prio_repeat 5
            }

            # 0 while {{balancer.Name}} answers its /healthz, 1 when it does not (kept by WebInfra's agent).
            vrrp_track_file balancer {
                file {{Quote(files.TrackFile)}}
                weight 0
            }

            """);
        foreach (var vip in topology.VipsServedBy(balancer))
        {
            var member = vip.Members.First(m => m.ComponentName == balancer.Name);
            var preempt = vip.PreemptDelay is { } delay
                ? $"preempt_delay {delay.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)}"
                : "nopreempt";
            text.Append(CultureInfo.InvariantCulture, $$"""

                vrrp_instance {{vip.Name}} {
                    state BACKUP
                    interface {{interfaceName}}
                    virtual_router_id {{vip.RouterId}}
                    priority {{member.Priority}}
                    advert_int {{VirtualAddress.AdvertisementInterval.TotalSeconds.ToString("0.0##", CultureInfo.InvariantCulture)}}
                    {{preempt}}
                    virtual_ipaddress {
                        {{vip.Address}}/32 dev {{interfaceName}}
                    }
                    track_file {
                        balancer
                    }
                }

                """);
        }

        return text.ToString();
    }

    private static string Quote(string value) => $"\"{value.Replace("\"", "\\\"", StringComparison.Ordinal)}\"";
}
