using WebInfra.Topology.Model;

namespace WebInfra.Monitoring.Doctor;

/// <summary>
/// No <c>monitor</c> component: nothing watches any node, so a failure is noticed when users see errors (or someone
/// runs <c>webinfra status</c>).
/// </summary>
internal sealed class NoMonitoringRule : IDoctorRule
{
    public string Name => DoctorRules.NoMonitoring;

    public void Examine(DoctorContext context, ICollection<Finding> findings)
    {
        var topology = context.Topology;
        if (topology.Monitor is not null)
        {
            return;
        }

        var host = context.ServerWithoutDatabase() ?? topology.Servers[0];
        var hasDatabase = topology.Primary is not null;
        findings.Add(new Finding(Name, FindingSeverity.Warning, "site", context.WholeFile(),
            "no monitoring: no 'monitor' component, so nothing watches the nodes; a failure is noticed when users see errors, or when someone runs './webinfra status'",
            (hasDatabase ? $"add a 'monitor' component (it watches the database nodes) to {host.Name}, and " : string.Empty)
            + "check every node's /healthz from outside and alert on failures (see UnmonitoredTiers)",
            hasDatabase ? DoctorContext.AddTo(host, DoctorContext.ComponentLine(ComponentKind.Monitor, 8090)) : UnmonitoredTiersRule.HealthUrls(topology)));
    }
}
