namespace WebInfra.Monitoring.Prometheus;

/// <summary>Writes <see cref="AlertRules"/> in Prometheus' rule file format: one group, one entry per alert.</summary>
internal static class AlertRulesFile
{
    public static string Render(Topology.Model.Topology topology, IReadOnlyList<AlertRule> rules) =>
        YamlDocumentWriter.Render(
            [
                $"Prometheus alert rules for {topology.Site.Name}, written by 'webinfra monitoring export' from",
                $"{topology.SourcePath}. Severity: critical (the site or its database is failing), warning (degraded), info.",
            ],
            yaml => yaml.Mapping(() => yaml.Key("groups", () => yaml.Sequence([AlertRules.GroupName], name => yaml.Mapping(() =>
            {
                yaml.Pair("name", name);
                yaml.Key("rules", () => yaml.Sequence(rules, rule => yaml.Mapping(() =>
                {
                    yaml.Pair("alert", rule.Name);
                    yaml.Pair("expr", rule.Expression);
                    if (rule.For is { } duration)
                    {
                        yaml.Pair("for", duration);
                    }

                    yaml.Key("labels", () => yaml.Mapping(() => yaml.Pair("severity", rule.Severity)));
                    yaml.Key("annotations", () => yaml.Mapping(() =>
                    {
                        yaml.Pair("summary", rule.Summary);
                        yaml.Pair("description", rule.Description);
                    }));
                })));
            })))));
}
