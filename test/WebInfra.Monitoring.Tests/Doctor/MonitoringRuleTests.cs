using WebInfra.Monitoring.Doctor;

namespace WebInfra.Monitoring.Tests.Doctor;

public sealed class MonitoringRuleTests
{
    [Fact]
    public void Topology_without_monitor_is_reported_as_unmonitored()
    {
        var finding = TopologyText.Finding(SinglePointOfFailureRuleTests.NoMonitor(), DoctorRules.NoMonitoring);

        Assert.Equal(FindingSeverity.Warning, finding.Severity);
        Assert.Equal("servers:\n  lb-01:\n    components:\n      monitor: { port: 8090 }", finding.Snippet);
        Assert.DoesNotContain(DoctorRules.UnmonitoredTiers, TopologyText.Rules(SinglePointOfFailureRuleTests.NoMonitor()));
    }

    [Fact]
    public void Monitor_watching_only_the_database_leaves_the_other_tiers_unwatched()
    {
        var finding = TopologyText.Finding(TopologyText.Redundant, DoctorRules.UnmonitoredTiers);

        Assert.Equal(FindingSeverity.Warning, finding.Severity);
        Assert.Equal("mon-01/monitor", finding.Subject);
        Assert.Contains("lb-01/balancer, lb-02/balancer, web-1/web, web-2/web, app-1/app, app-2/app", finding.Problem, StringComparison.Ordinal);
        Assert.StartsWith("http://10.0.0.1:1080/healthz   # lb-01/balancer\n", finding.Snippet, StringComparison.Ordinal);
        Assert.DoesNotContain(DoctorRules.NoMonitoring, TopologyText.Rules(TopologyText.Redundant));
    }
}
