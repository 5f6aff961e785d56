namespace WebInfra.Monitoring.Prometheus;

/// <summary>What <see cref="PrometheusExport.Write"/> wrote, for the command to report.</summary>
/// <param name="ConfigPath">The full path of <c>prometheus.yml</c>.</param>
/// <param name="Targets">How many components it scrapes.</param>
/// <param name="RulesPath">The full path of the alert rules file.</param>
/// <param name="Alerts">The alerts' names, in file order.</param>
public sealed record PrometheusExportResult(string ConfigPath, int Targets, string RulesPath, IReadOnlyList<string> Alerts);
