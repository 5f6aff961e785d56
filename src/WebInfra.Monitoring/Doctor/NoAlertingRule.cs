namespace WebInfra.Monitoring.Doctor;

/// <summary>
/// The monitor's dashboard shows every component, but a dashboard pages nobody: a balancer, web or application server
/// that dies is routed around silently, and the site runs on with less redundancy until the next failure. WebInfra
/// cannot see whether a Prometheus with its alert rules runs somewhere, so this is a reminder (info), not a warning.
/// </summary>
internal sealed class NoAlertingRule : IDoctorRule
{
    public string Name => DoctorRules.NoAlerting;

    public void Examine(DoctorContext context, ICollection<Finding> findings)
    {
        var topology = context.Topology;
        if (topology.Monitor is not { } monitor)
        {
            return;
        }

        findings.Add(new Finding(Name, FindingSeverity.Info, monitor.Name, monitor.Location,
            $"'{monitor.Name}' shows every component on its dashboard (http://{monitor.Authority}/), but a dashboard pages nobody: a dead member is routed around silently",
            "export the Prometheus configuration and alert rules and run Prometheus (with an Alertmanager that reaches a person) against the site",
            $"./webinfra monitoring export {Path.GetFileName(topology.SourcePath)} --out monitoring\nprometheus --config.file=monitoring/prometheus.yml --storage.tsdb.path=monitoring/data"));
    }
}
