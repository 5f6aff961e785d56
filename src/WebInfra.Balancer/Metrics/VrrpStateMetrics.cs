using Prometheus;
using WebInfra.Hosting;
using WebInfra.Hosting.Metrics;
using WebInfra.Hosting.Vrrp;

namespace WebInfra.Balancer.Metrics;

/// <summary>
/// The VRRP state of each VIP this balancer's server may hold, as its keepalived last reported it (<see cref="VrrpEvents"/>),
/// and how many times the server took the VIP over, read at each scrape. The balancer exports them, since keepalived
/// serves no metrics and a Prometheus job per balancer already exists: summed over a VIP's balancers, exactly one MASTER
/// is healthy, none means the VIP answers nowhere, two a split brain.
/// </summary>
internal sealed class VrrpStateMetrics(ComponentContext context) : IStateMetrics
{
    private static readonly Gauge s_state = Prometheus.Metrics.CreateGauge(
        "webinfra_vrrp_state",
        "This server's keepalived state for the VIP: 0 not running or starting, 1 BACKUP, 2 MASTER (holds it), 3 FAULT (its balancer is unhealthy).",
        ["vip"]);

    private static readonly Counter s_takeovers = Prometheus.Metrics.CreateCounter(
        "webinfra_vrrp_takeovers_total",
        "Times this server took the VIP (entered MASTER) since the site's state folder was made.",
        ["vip"]);

    public void Refresh()
    {
        var server = context.Component.ServerName;
        var vips = context.Topology.VipsOnServer(server).Select(v => v.Name);
        foreach (var status in VrrpEvents.Read(new KeepalivedFiles(context.StateDirectory, server), vips))
        {
            s_state.WithLabels(status.Vip).Set((int)status.State);
            s_takeovers.WithLabels(status.Vip).IncTo(status.Takeovers);
        }
    }
}
