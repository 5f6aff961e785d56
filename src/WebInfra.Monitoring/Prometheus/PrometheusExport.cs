using WebInfra.Hosting.Administration;
using WebInfra.Hosting.Security;

namespace WebInfra.Monitoring.Prometheus;

/// <summary>
/// Writes what a stock Prometheus needs to watch a WebInfra site: <c>prometheus.yml</c>, which scrapes every
/// component's admin <c>/metrics</c>, and <c>webinfra-alerts.yml</c>, the alert rules it loads. Both come from the
/// topology, so targets and thresholds (such as the replicas' max lag) match the site as it is declared. Next to them,
/// <c>webinfra-read.token</c> (mode 0600) holds the site's read token, which every scrape sends: it lets Prometheus read
/// <c>/metrics</c> (and the other views) but drain nothing. After <c>webinfra secrets rotate</c>, export again.
/// </summary>
public static class PrometheusExport
{
    /// <summary>The Prometheus configuration file's name.</summary>
    public const string ConfigFileName = "prometheus.yml";

    /// <summary>The alert rules file's name; the configuration refers to it relative to its own folder.</summary>
    public const string RulesFileName = "webinfra-alerts.yml";

    /// <summary>The read token's file name; the configuration refers to it relative to its own folder.</summary>
    public const string CredentialsFileName = "webinfra-read.token";

    /// <summary>Writes the files into <paramref name="directory"/>, creating it when missing, with the read token of <paramref name="credentials"/>.</summary>
    /// <exception cref="IOException">The folder or a file could not be written.</exception>
    /// <exception cref="UnauthorizedAccessException">No permission to write there.</exception>
    public static PrometheusExportResult Write(Topology.Model.Topology topology, string directory, AdminCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(credentials);
        var folder = Directory.CreateDirectory(directory).FullName;
        var configPath = Path.Combine(folder, ConfigFileName);
        var rulesPath = Path.Combine(folder, RulesFileName);
        var rules = AlertRules.For(topology);
        OwnerOnlyFiles.ReplaceFile(Path.Combine(folder, CredentialsFileName), credentials.ReadToken);
        File.WriteAllText(configPath, ScrapeConfiguration.Render(topology, RulesFileName, CredentialsFileName));
        File.WriteAllText(rulesPath, AlertRulesFile.Render(topology, rules));
        return new PrometheusExportResult(configPath, ScrapeConfiguration.Jobs(topology).Sum(job => job.Count()), rulesPath, [.. rules.Select(r => r.Name)]);
    }
}
