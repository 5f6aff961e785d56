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
        Assert.DoesNotContain(DoctorRules.NoAlerting, TopologyText.Rules(SinglePointOfFailureRuleTests.NoMonitor()));
    }

    [Fact]
    public void Monitor_with_a_dashboard_is_reminded_that_nothing_alerts()
    {
        var finding = TopologyText.Finding(TopologyText.Redundant, DoctorRules.NoAlerting);

        Assert.Equal(FindingSeverity.Info, finding.Severity);
        Assert.Equal("mon-01/monitor", finding.Subject);
        Assert.StartsWith("./webinfra monitoring export ", finding.Snippet, StringComparison.Ordinal);
        Assert.DoesNotContain(DoctorRules.NoMonitoring, TopologyText.Rules(TopologyText.Redundant));
    }
}
