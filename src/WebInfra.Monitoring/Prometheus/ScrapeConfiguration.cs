using System.Globalization;
using WebInfra.Topology.Model;

namespace WebInfra.Monitoring.Prometheus;

/// <summary>
/// <c>prometheus.yml</c> for a topology: one scrape job per component kind, one static target per component (its
/// admin listener, where <c>/metrics</c> is served), labelled with the component's server and name. Every job sends the
/// site's read token (<c>authorization</c> with a <c>credentials_file</c> next to the configuration, which Prometheus
/// reads at each scrape), since admin listeners answer no one without it.
/// </summary>
internal static class ScrapeConfiguration
{
    /// <summary>
    /// Every 5 s, so that a component down for 15 s has missed three scrapes; rules are evaluated as often, or the
    /// alerts' <c>for</c> durations would be rounded up to Prometheus' default minute.
    /// </summary>
    public const string Interval = "5s";

    /// <summary>The components Prometheus scrapes, by job: every kind but database nodes, which have no admin listener.</summary>
    public static IEnumerable<IGrouping<ComponentKind, Component>> Jobs(Topology.Model.Topology topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        return topology.Components.Where(c => c.AdminEndPoint is not null).GroupBy(c => c.Kind).OrderBy(job => job.Key);
    }

    public static string Render(Topology.Model.Topology topology, string rulesFileName, string credentialsFileName) =>
        YamlDocumentWriter.Render(
            [
                $"Prometheus configuration for {topology.Site.Name}, written by 'webinfra monitoring export' from",
                $"{topology.SourcePath}. Write it again after changing the topology.",
            ],
            yaml => yaml.Mapping(() =>
            {
                yaml.Key("global", () => yaml.Mapping(() =>
                {
                    yaml.Pair("scrape_interval", Interval);
                    yaml.Pair("evaluation_interval", Interval);
                }));
                yaml.Key("rule_files", () => yaml.FlowSequence([rulesFileName]));
                yaml.Key("scrape_configs", () =>
                {
                    foreach (var line in DatabaseNote(topology))
                    {
                        yaml.Comment(line);
                    }

                    yaml.Sequence(Jobs(topology), job => yaml.Mapping(() =>
                    {
                        yaml.Pair("job_name", job.Key.ToKey());
                        yaml.Key("authorization", () => yaml.Mapping(() =>
                        {
                            yaml.Pair("type", "Bearer");
                            yaml.Pair("credentials_file", credentialsFileName);
                        }));
                        yaml.Key("static_configs", () => yaml.Sequence(job, component => yaml.Mapping(() =>
                        {
                            yaml.Key("targets", () => yaml.FlowSequence([component.AdminEndPoint!.ToString()]));
                            yaml.Key("labels", () => yaml.Mapping(() =>
                            {
                                yaml.Pair("server", component.ServerName);
                                yaml.Pair("component", component.Name);
                            }));
                        })));
                    }));
                });
            }));

    /// <summary>Why the database nodes have no job, and which series stand in for them.</summary>
    private static IEnumerable<string> DatabaseNote(Topology.Model.Topology topology)
    {
        var nodes = topology.DatabaseNodes.ToList();
        if (nodes.Count == 0)
        {
            yield break;
        }

        yield return string.Create(
            CultureInfo.InvariantCulture,
            $"Database nodes ({string.Join(", ", nodes.Select(n => $"{n.Name} at {n.Authority}"))}) run mariadbd, which serves no /metrics:");
        yield return topology.Monitor is { } monitor
            ? $"the monitor ({monitor.Name}) exports the webinfra_db_* series for them (up, role, replication lag, GTID, failovers)."
            : "this topology has no monitor, which is what exports the webinfra_db_* series for them, so nothing reports on them.";
    }
}
