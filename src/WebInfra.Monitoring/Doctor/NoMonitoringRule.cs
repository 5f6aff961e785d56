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
            (hasDatabase ? $"add a 'monitor' component to {host.Name} (it watches the database nodes and serves a dashboard of every component), and " : string.Empty)
            + "alert on failures: './webinfra monitoring export' writes Prometheus' configuration and alert rules",
            hasDatabase ? DoctorContext.AddTo(host, DoctorContext.ComponentLine(ComponentKind.Monitor, 8090)) : HealthUrls(topology)));
    }

    /// <summary>The health URL of every component WebInfra runs, on its admin listener.</summary>
    private static string HealthUrls(Topology.Model.Topology topology) =>
        string.Join("\n", topology.Components.Where(c => c.AdminEndPoint is not null).Select(c => $"http://{c.AdminEndPoint}/healthz   # {c.Name}"));
}
