using WebInfra.Topology.Model;

namespace WebInfra.Monitoring.Doctor;

/// <summary>
/// The monitor is single: while it is down the site keeps serving, but a failed primary is not replaced: the replicas
/// go on answering reads with data that ages from the moment the primary died, and every write fails until the
/// primary is back. On the primary's own host it dies with the primary, exactly when it is needed. Three monitors
/// electing their leader through three etcd members have no such point; two of either have no quorum to spare.
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

        if (topology.Monitors.Skip(1).Any())
        {
            ExamineQuorum(topology, findings);
            return;
        }

        var restart = $"keep it running: start it under a supervisor that restarts it (systemd 'Restart=always'), or by hand with './webinfra start {monitor.Name}'; "
            + "or run three monitors on three servers, each with 'etcd: { port: 2379 }' beside it, so another is elected when one fails";
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

    /// <summary>Two monitors, or two etcd members, work while both are up, with nothing to spare.</summary>
    private void ExamineQuorum(Topology.Model.Topology topology, ICollection<Finding> findings)
    {
        var members = topology.EtcdMembers.ToList();
        if (members.Count == 2)
        {
            findings.Add(new Finding(Name, FindingSeverity.Warning, members[1].Name, members[1].Location,
                $"two etcd members ({members[0].Name}, {members[1].Name}) have no quorum to spare: while either is down, no monitor can be elected and no failed primary is replaced",
                "run three etcd members, on three servers: add 'etcd: { port: 2379 }' to a third server's components"));
        }

        var monitors = topology.Monitors.ToList();
        if (monitors.Count == 2)
        {
            findings.Add(new Finding(Name, FindingSeverity.Warning, monitors[1].Name, monitors[1].Location,
                $"two monitors ({monitors[0].Name}, {monitors[1].Name}) have none to spare: while one is down (or being restarted), the other is the only one",
                "run three monitors, on three servers: add 'monitor: { port: 8090 }' to a third server's components"));
        }
    }
}
