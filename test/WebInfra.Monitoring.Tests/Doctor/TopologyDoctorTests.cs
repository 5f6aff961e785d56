using System.Reflection;
using System.Text.Json;
using WebInfra.Monitoring.Doctor;

namespace WebInfra.Monitoring.Tests.Doctor;

public sealed class TopologyDoctorTests
{
    [Fact]
    public void Distributed_preset_reports_the_single_balancer_and_the_distributed_design_s_known_gaps()
    {
        var report = TopologyDoctor.Examine(TopologyText.Preset("distributed.yaml"));

        // The primary is no single point of failure: lb-01/monitor promotes the replica. The monitor itself is single.
        Assert.Equal(
            [
                DoctorRules.SingleBalancer,
                DoctorRules.NoFirewall,
                DoctorRules.RouteHeaderExposed,
                DoctorRules.NoHttps,
                DoctorRules.SingleMonitor,
                DoctorRules.CrowdedServer,
                DoctorRules.PlainDatabaseTraffic,
                DoctorRules.CrowdedServer,
                DoctorRules.NoAlerting,
            ],
            report.Findings.Select(f => f.Rule));
        Assert.Equal("1 error, 7 warnings, 1 info", report.Summary);
        Assert.Equal(["server-1", "server-2"], report.Findings.Where(f => f.Rule == DoctorRules.CrowdedServer).Select(f => f.Subject));
    }

    [Fact]
    public void Simple_web_stack_preset_reports_every_tier_as_a_single_point_of_failure_on_one_crowded_unmonitored_host()
    {
        var report = TopologyDoctor.Examine(TopologyText.Preset("simple-web-stack.yaml"));

        Assert.Equal(
            [
                DoctorRules.SingleBalancer,
                DoctorRules.SingleWebServer,
                DoctorRules.SingleAppServer,
                DoctorRules.SingleDatabaseNode,
                DoctorRules.SingleActiveMember,
                DoctorRules.NoFirewall,
                DoctorRules.NoMonitoring,
                DoctorRules.RouteHeaderExposed,
                DoctorRules.CrowdedServer,
                DoctorRules.NoHttps,
                DoctorRules.AsyncReplication,
            ],
            report.Findings.Select(f => f.Rule));
        Assert.Equal("5 errors, 6 warnings", report.Summary);
    }

    [Fact]
    public void Secured_monitored_preset_reports_the_single_balancer_and_the_single_monitor_only()
    {
        var report = TopologyDoctor.Examine(TopologyText.Preset("secured-monitored.yaml"));

        Assert.Equal(
            [DoctorRules.SingleBalancer, DoctorRules.SingleMonitor, DoctorRules.CrowdedServer, DoctorRules.CrowdedServer, DoctorRules.CrowdedServer, DoctorRules.NoAlerting],
            report.Findings.Select(f => f.Rule));
    }

    [Fact]
    public void Redundant_topology_reports_only_the_gaps_WebInfra_cannot_close_yet()
    {
        var report = TopologyDoctor.Examine(TopologyText.Load(TopologyText.Redundant));

        Assert.Equal(
            [DoctorRules.NoFirewall, DoctorRules.NoHttps, DoctorRules.SingleMonitor, DoctorRules.NoAlerting],
            report.Findings.Select(f => f.Rule));
        Assert.Equal(0, report.Errors);
        Assert.Equal("0 errors, 3 warnings, 1 info", report.Summary);
    }

    [Fact]
    public void Findings_are_sorted_by_severity_then_by_location()
    {
        var yaml = TopologyText.RedundantWith("route_header: false", "route_header: true")
            .Replace("""
                  app-2:
                    address: 10.0.0.22
                    components:
                      app: { port: 8082 }
                """, "", StringComparison.Ordinal)
            .Replace("members: [app-1/app, app-2/app]", "members: [app-1/app]", StringComparison.Ordinal);

        var findings = TopologyDoctor.Examine(TopologyText.Load(yaml)).Findings;

        var keys = findings.Select(f => ((int)f.Severity, f.Location.Line, f.Location.Column)).ToList();
        Assert.Equal(keys.Order(), keys);
        Assert.Equal([DoctorRules.SingleAppServer, DoctorRules.SingleActiveMember], findings.Where(f => f.Severity == FindingSeverity.Error).Select(f => f.Rule));
        Assert.Equal(DoctorRules.NoFirewall, findings.First(f => f.Severity == FindingSeverity.Warning).Rule);
    }

    [Fact]
    public void Every_named_rule_is_registered_once()
    {
        var named = typeof(DoctorRules).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetValue(null)!).Order(StringComparer.Ordinal);

        Assert.Equal(named, TopologyDoctor.RuleNames.Order(StringComparer.Ordinal));
        Assert.Equal(TopologyDoctor.RuleNames.Count, TopologyDoctor.RuleNames.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void Json_carries_counts_and_each_finding_with_its_location()
    {
        var report = TopologyDoctor.Examine(TopologyText.Load(TopologyText.Redundant));

        using var json = JsonDocument.Parse(report.ToJson());

        Assert.Equal(TopologyText.FileName, json.RootElement.GetProperty("topology").GetString());
        Assert.Equal(0, json.RootElement.GetProperty("errors").GetInt32());
        Assert.Equal(3, json.RootElement.GetProperty("warnings").GetInt32());
        Assert.Equal(1, json.RootElement.GetProperty("infos").GetInt32());
        var first = json.RootElement.GetProperty("findings")[0];
        Assert.Equal(DoctorRules.NoFirewall, first.GetProperty("rule").GetString());
        Assert.Equal("warning", first.GetProperty("severity").GetString());
        Assert.Equal("site.yaml:1:1", first.GetProperty("location").GetString());
        Assert.StartsWith("firewall:\n  enabled: true", first.GetProperty("snippet").GetString(), StringComparison.Ordinal);
        var monitor = json.RootElement.GetProperty("findings")[2];
        Assert.Equal(DoctorRules.SingleMonitor, monitor.GetProperty("rule").GetString());
        Assert.Equal(JsonValueKind.Null, monitor.GetProperty("snippet").ValueKind);
    }

    [Fact]
    public void Summary_names_infos_only_when_there_are_some()
    {
        var location = new Topology.Model.SourceLocation("t.yaml", 1, 1);

        Assert.Equal("1 error, 0 warnings, 2 info", new DoctorReport("t.yaml",
        [
            new Finding("A", FindingSeverity.Error, "site", location, "p", "f"),
            new Finding("B", FindingSeverity.Info, "site", location, "p", "f"),
            new Finding("C", FindingSeverity.Info, "site", location, "p", "f"),
        ]).Summary);
        Assert.Equal("0 errors, 0 warnings", new DoctorReport("t.yaml", []).Summary);
    }
}
