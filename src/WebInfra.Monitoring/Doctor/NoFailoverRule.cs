using WebInfra.Topology.Model;

namespace WebInfra.Monitoring.Doctor;

/// <summary>
/// Replicas without a monitor: they hold the data, but nothing promotes one when the primary fails, so writes stop
/// until an operator does it by hand.
/// </summary>
internal sealed class NoFailoverRule : IDoctorRule
{
    public string Name => DoctorRules.NoFailover;

    public void Examine(DoctorContext context, ICollection<Finding> findings)
    {
        var topology = context.Topology;
        if (topology.Monitor is not null || topology.Primary is not { } primary || !topology.Replicas.Any())
        {
            return;
        }

        // The monitor belongs on a host without a database node, so that it outlives the primary's host.
        var host = context.ServerWithoutDatabase();
        findings.Add(new Finding(Name, FindingSeverity.Error, primary.Name, primary.Location,
            $"'{primary.Name}' has replicas ({string.Join(", ", topology.Replicas.Select(r => r.Name))}) but no monitor promotes one when it fails: writes stop until someone acts by hand",
            host is null
                ? "add a 'monitor' component on a server of its own (not one running a database node)"
                : $"add a 'monitor' component to {host.Name}, which runs no database node",
            host is null
                ? context.NewServer(context.NewServerName("monitor-0"), primary.Address, DoctorContext.ComponentLine(ComponentKind.Monitor, 8090))
                : DoctorContext.AddTo(host, DoctorContext.ComponentLine(ComponentKind.Monitor, 8090))));
    }
}
