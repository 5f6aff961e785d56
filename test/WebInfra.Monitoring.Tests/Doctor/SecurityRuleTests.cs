using WebInfra.Monitoring.Doctor;

namespace WebInfra.Monitoring.Tests.Doctor;

public sealed class SecurityRuleTests
{
    [Fact]
    public void Missing_firewall_is_a_warning_listing_the_flows_a_firewall_must_allow()
    {
        var finding = TopologyText.Finding(TopologyText.Redundant, DoctorRules.NoFirewall);

        Assert.Equal(FindingSeverity.Warning, finding.Severity);
        Assert.Equal("site", finding.Subject);
        Assert.Contains("issue 6", finding.Fix, StringComparison.Ordinal);
        Assert.Equal(
            """
            allow 10.0.0.1:80 (lb-01/balancer)        from anywhere
            allow 10.0.0.2:80 (lb-02/balancer)        from anywhere
            allow 10.0.0.3:8090 (mon-01/monitor)      from the operator's host only
            allow 10.0.0.11:8081 (web-1/web)          from 10.0.0.1 (lb-01), 10.0.0.2 (lb-02)
            allow 10.0.0.12:8081 (web-2/web)          from 10.0.0.1 (lb-01), 10.0.0.2 (lb-02)
            allow 10.0.0.21:8082 (app-1/app)          from 10.0.0.11 (web-1), 10.0.0.12 (web-2)
            allow 10.0.0.22:8082 (app-2/app)          from 10.0.0.11 (web-1), 10.0.0.12 (web-2)
            allow 10.0.0.31:3306 (db-1/db)            from 10.0.0.3 (mon-01), 10.0.0.21 (app-1), 10.0.0.22 (app-2), 10.0.0.32 (db-2)
            allow 10.0.0.32:3306 (db-2/db)            from 10.0.0.3 (mon-01), 10.0.0.21 (app-1), 10.0.0.22 (app-2), 10.0.0.31 (db-1)
            allow admin ports 1080, 9081, 9082, 9090  from the operator's host only
            drop  everything else
            """.Replace("\r\n", "\n", StringComparison.Ordinal),
            finding.Snippet);
    }

    [Fact]
    public void Missing_https_is_a_warning_about_the_component_clients_connect_to()
    {
        var finding = TopologyText.Finding(TopologyText.Redundant, DoctorRules.NoHttps);

        Assert.Equal(FindingSeverity.Warning, finding.Severity);
        Assert.Equal("lb-01/balancer", finding.Subject);
        Assert.StartsWith("no HTTPS: traffic from clients is plain HTTP (http://10.0.0.1:80)", finding.Problem, StringComparison.Ordinal);
        Assert.StartsWith("give 'lb-01/balancer' and 'lb-02/balancer' an 'https_port'", finding.Fix, StringComparison.Ordinal);
        Assert.StartsWith("servers:\n  lb-01:\n    components:\n      balancer: { port: 80, https_port: 8443, backend: web }", finding.Snippet, StringComparison.Ordinal);
        Assert.DoesNotContain(DoctorRules.TlsEndsAtBalancer, TopologyText.Rules(TopologyText.Redundant));
    }

    [Fact]
    public void Balancers_with_https_ports_leave_only_the_plain_inner_hops_to_report()
    {
        var yaml = TopologyText.Redundant.Replace("balancer: { port: 80, backend: web }", "balancer: { port: 80, https_port: 443, backend: web }", StringComparison.Ordinal);

        var rules = TopologyText.Rules(yaml);

        Assert.DoesNotContain(DoctorRules.NoHttps, rules);
        var finding = TopologyText.Finding(yaml, DoctorRules.TlsEndsAtBalancer);
        Assert.Equal("lb-01/balancer", finding.Subject);
        Assert.StartsWith("TLS ends at 'lb-01/balancer' and 'lb-02/balancer'", finding.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Route_header_is_a_warning_with_the_key_that_turns_it_off()
    {
        var finding = TopologyText.Finding(TopologyText.RedundantWith("route_header: false", "route_header: true"), DoctorRules.RouteHeaderExposed);

        Assert.Equal(FindingSeverity.Warning, finding.Severity);
        Assert.Equal(2, finding.Location.Line);
        Assert.Equal("site:\n  route_header: false", finding.Snippet);
    }

    [Fact]
    public void Route_header_off_is_not_reported()
    {
        Assert.DoesNotContain(DoctorRules.RouteHeaderExposed, TopologyText.Rules(TopologyText.Redundant));
    }
}
