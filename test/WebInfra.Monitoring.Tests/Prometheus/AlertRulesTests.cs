using WebInfra.Monitoring.Prometheus;

namespace WebInfra.Monitoring.Tests.Prometheus;

public sealed class AlertRulesTests
{
    private static readonly Topology.Model.Topology s_distributed = ShippedTopologies.Load("distributed.yaml");

    private static Dictionary<string, YamlDotNet.RepresentationModel.YamlNode> RulesOf(Topology.Model.Topology topology)
    {
        var file = PrometheusYaml.Parse(AlertRulesFile.Render(topology, AlertRules.For(topology)));
        var group = Assert.Single(file.Items("groups"));
        Assert.Equal("webinfra", group.Text("name"));
        return group.Items("rules").ToDictionary(rule => rule.Text("alert"));
    }

    [Fact]
    public void Rules_file_has_every_alert_with_its_expression_duration_and_severity()
    {
        var rules = RulesOf(s_distributed);

        Assert.Equal(
            [
                ("WebInfraComponentDown", "up == 0", "15s", "critical"),
                ("WebInfraDatabaseNodeDown", "webinfra_db_node_up == 0", "15s", "critical"),
                ("WebInfraHighErrorRate", "sum by (job, server, component) (rate(webinfra_http_requests_total{class!=\"health\",code=~\"5..\"}[1m])) / sum by (job, server, component) (rate(webinfra_http_requests_total{class!=\"health\"}[1m])) > 0.05", "1m", "critical"),
                ("WebInfraSlowResponses", "histogram_quantile(0.99, sum by (job, server, component, le) (rate(webinfra_http_request_duration_seconds_bucket{class!=\"health\"}[1m]))) > 1", "5m", "warning"),
                ("WebInfraReplicationLag", "webinfra_db_replication_lag_seconds > 5", "30s", "warning"),
                ("WebInfraReplicaCutOff", "webinfra_db_replica_data_age_seconds > 30 unless on (node) webinfra_db_replication_lag_seconds", "15s", "warning"),
                ("WebInfraNoHealthyBackend", "webinfra_backend_members_available == 0", "15s", "critical"),
                ("WebInfraFailoverHeld", "webinfra_db_failover_held == 1", "30s", "warning"),
                ("WebInfraNoPrimary", "sum(webinfra_db_node_role{role=\"primary\"}) == 0", "15s", "critical"),
                ("WebInfraErrantTransactions", "webinfra_db_errant_transactions == 1", "15s", "warning"),
                ("WebInfraFailover", "increase(webinfra_db_failovers_total[5m]) > 0", "", "info"),
                ("WebInfraAccessLogDropping", "increase(webinfra_access_log_dropped_total[5m]) > 0", "", "warning"),
            ],
            rules.Values.Select(r => (r.Text("alert"), r.Text("expr"), r.Has("for") ? r.Text("for") : string.Empty, r.Get("labels").Text("severity"))));
    }

    [Fact]
    public void Every_alert_has_a_summary_and_a_description()
    {
        Assert.All(RulesOf(s_distributed).Values, rule =>
        {
            Assert.NotEmpty(rule.Get("annotations").Text("summary"));
            Assert.NotEmpty(rule.Get("annotations").Text("description"));
        });
    }

    [Fact]
    public void Template_references_in_annotations_survive_the_yaml_quoting()
    {
        var summary = RulesOf(s_distributed)["WebInfraComponentDown"].Get("annotations").Text("summary");

        Assert.Equal("{{ $labels.component }} is down", summary);
    }

    [Fact]
    public void Replication_lag_threshold_is_the_topologys_max_lag()
    {
        var topology = ShippedTopologies.LoadWith("distributed.yaml", "max_lag: 5s", "max_lag: 2500ms");

        var lag = RulesOf(topology)["WebInfraReplicationLag"];

        Assert.Equal("webinfra_db_replication_lag_seconds > 2.5", lag.Text("expr"));
        Assert.Contains("database.reads.max_lag (2.5s)", lag.Get("annotations").Text("description"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_site_running_the_users_application_is_alerted_on_a_crash_loop_and_on_an_application_that_does_not_serve()
    {
        var topology = ShippedTopologies.LoadWith("distributed.yaml", "app: { port: 8082 }", "app: { port: 8082, command: ./serve }");

        var rules = RulesOf(topology);

        Assert.Equal("increase(webinfra_application_restarts_total[10m]) > 3", rules["WebInfraApplicationRestarting"].Text("expr"));
        Assert.Equal("webinfra_application_serving == 0", rules["WebInfraApplicationNotServing"].Text("expr"));
        Assert.Equal("1m", rules["WebInfraApplicationNotServing"].Text("for"));
        Assert.DoesNotContain("WebInfraApplicationRestarting", RulesOf(s_distributed).Keys);
    }

    [Fact]
    public void A_site_without_access_logs_has_no_alert_on_dropped_lines()
    {
        var topology = ShippedTopologies.LoadWith("distributed.yaml", "  cache_control: public, max-age=300", "  cache_control: public, max-age=300\n  access_log: off");

        Assert.DoesNotContain("WebInfraAccessLogDropping", RulesOf(topology).Keys);
    }

    [Fact]
    public void A_site_with_several_monitors_is_alerted_when_none_leads()
    {
        var rules = RulesOf(ShippedTopologies.Load("distributed-hosts.yaml"));

        Assert.Equal("max(webinfra_monitor_leader) == 0", rules["WebInfraNoMonitorLeads"].Text("expr"));
        Assert.DoesNotContain("WebInfraNoMonitorLeads", RulesOf(s_distributed).Keys);
    }
}
