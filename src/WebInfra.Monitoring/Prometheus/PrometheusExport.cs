namespace WebInfra.Monitoring.Prometheus;

/// <summary>
/// Writes what a stock Prometheus needs to watch a WebInfra site: <c>prometheus.yml</c>, which scrapes every
/// component's admin <c>/metrics</c>, and <c>webinfra-alerts.yml</c>, the alert rules it loads. Both come from the
/// topology, so targets and thresholds (such as the replicas' max lag) match the site as it is declared.
/// </summary>
public static class PrometheusExport
{
    /// <summary>The Prometheus configuration file's name.</summary>
    public const string ConfigFileName = "prometheus.yml";

    /// <summary>The alert rules file's name; the configuration refers to it relative to its own folder.</summary>
    public const string RulesFileName = "webinfra-alerts.yml";

    /// <summary>Writes both files into <paramref name="directory"/>, creating it when missing.</summary>
    /// <exception cref="IOException">The folder or a file could not be written.</exception>
    /// <exception cref="UnauthorizedAccessException">No permission to write there.</exception>
    public static PrometheusExportResult Write(Topology.Model.Topology topology, string directory)
    {
        ArgumentNullException.ThrowIfNull(topology);
        var folder = Directory.CreateDirectory(directory).FullName;
        var configPath = Path.Combine(folder, ConfigFileName);
        var rulesPath = Path.Combine(folder, RulesFileName);
        var rules = AlertRules.For(topology);
        File.WriteAllText(configPath, ScrapeConfiguration.Render(topology, RulesFileName));
        File.WriteAllText(rulesPath, AlertRulesFile.Render(topology, rules));
        return new PrometheusExportResult(configPath, ScrapeConfiguration.Jobs(topology).Sum(job => job.Count()), rulesPath, [.. rules.Select(r => r.Name)]);
    }
}
