using WebInfra.Topology.Model;

namespace WebInfra.Monitoring.Doctor;

/// <summary>
/// The monitor is single (WebInfra runs one per site: two could each promote a different replica). While it is down
/// the site keeps serving, but a failed primary is not replaced: the replicas go on answering reads with data that
/// ages from the moment the primary died, and every write fails until the primary is back. On the primary's own host
/// it dies with the primary, exactly when it is needed.
/// </summary>
internal sealed class SingleMonitorRule : IDoctorRule
{
    public string Name => DoctorRules.SingleMonitor;

    public void Examine(DoctorContext context, ICollection<Finding> findings)
    {
        var topology = context.Topology;
        if (topology.Monitor is not { } monitor)
        {
            return;
        }

        var restart = $"keep it running: start it under a supervisor that restarts it (systemd 'Restart=always'), or by hand with './webinfra start {monitor.Name}'; "
            + "a standby monitor is not supported (two monitors could each promote a different replica)";
        if (topology.Primary is { } primary && primary.ServerName == monitor.ServerName)
        {
            var name = context.NewServerName("monitor-0");
            findings.Add(new Finding(Name, FindingSeverity.Error, monitor.Name, monitor.Location,
                $"'{monitor.Name}' runs on the primary's server: when {monitor.ServerName} fails, the monitor dies with the primary and no replica is promoted: reads go on from the replicas, every write fails",
                $"move the monitor to a server that runs no database node; then {restart}",
                context.NewServer(name, monitor.Address, DoctorContext.ComponentLine(ComponentKind.Monitor, monitor.Port))
                + $"\n# and remove 'monitor' from {monitor.ServerName}"));
            return;
        }

        findings.Add(new Finding(Name, FindingSeverity.Warning, monitor.Name, monitor.Location,
            $"'{monitor.Name}' is the only monitor: while it (or {monitor.ServerName}) is down the site keeps serving, but a failed primary is not replaced: the replicas go on answering reads with data that ages, and every write fails until the primary is back",
            restart));
    }
}
