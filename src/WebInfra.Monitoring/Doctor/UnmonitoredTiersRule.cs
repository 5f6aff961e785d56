using WebInfra.Topology.Model;

namespace WebInfra.Monitoring.Doctor;

/// <summary>
/// WebInfra's monitor watches the database nodes only. A balancer, web or application server that dies is routed
/// around (or not, for the balancer) but nobody is told, so the site runs on with less redundancy until the next
/// failure takes it down; and no metrics or logs are gathered in one place.
/// </summary>
internal sealed class UnmonitoredTiersRule : IDoctorRule
{
    public string Name => DoctorRules.UnmonitoredTiers;

    public void Examine(DoctorContext context, ICollection<Finding> findings)
    {
        var topology = context.Topology;
        if (topology.Monitor is not { } monitor)
        {
            return;
        }

        var unwatched = topology.Components.Where(c => c.Kind is ComponentKind.Balancer or ComponentKind.Web or ComponentKind.App).Select(c => c.Name).ToList();
        if (unwatched.Count == 0)
        {
            return;
        }

        findings.Add(new Finding(Name, FindingSeverity.Warning, monitor.Name, monitor.Location,
            $"'{monitor.Name}' watches the database nodes only: nobody is told when {string.Join(", ", unwatched)} fails (the balancer routes around a dead member silently), and no metrics or logs are gathered in one place",
            "check each component's health from outside (Prometheus blackbox_exporter, Uptime Kuma, or './webinfra status --json' from cron) and alert on a failure; ship the logs in .webinfra/logs/ to one place",
            HealthUrls(topology)));
    }

    /// <summary>The health URL of every component WebInfra runs, on its admin listener.</summary>
    internal static string HealthUrls(Topology.Model.Topology topology) =>
        string.Join("\n", topology.Components.Where(c => c.AdminEndPoint is not null).Select(c => $"http://{c.AdminEndPoint}/healthz   # {c.Name}"));
}
