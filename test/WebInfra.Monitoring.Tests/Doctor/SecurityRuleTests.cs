using WebInfra.Monitoring.Doctor;

namespace WebInfra.Monitoring.Tests.Doctor;

public sealed class SecurityRuleTests
{
    [Fact]
    public void Missing_firewall_is_a_warning_listing_the_openings_the_firewall_would_keep()
    {
        var finding = TopologyText.Finding(TopologyText.Redundant, DoctorRules.NoFirewall);

        Assert.Equal(FindingSeverity.Warning, finding.Severity);
        Assert.Equal("site", finding.Subject);
        Assert.Contains("webinfra firewall export SERVER", finding.Fix, StringComparison.Ordinal);
        Assert.Equal(
            """
            firewall:
              enabled: true
              operators: [127.0.0.1]     # where webinfra, Prometheus and the dashboard run
            # keeps open:
            #   10.0.0.1:80     from anywhere  (lb-01/balancer: the site, to everyone)
            #   10.0.0.1:1080   from 127.0.0.1, 10.0.0.3  (lb-01/balancer admin, to operators and the monitor)
            #   10.0.0.2:80     from anywhere  (lb-02/balancer: the site, to everyone)
            #   10.0.0.2:1080   from 127.0.0.1, 10.0.0.3  (lb-02/balancer admin, to operators and the monitor)
            #   10.0.0.3:8090   from 127.0.0.1  (mon-01/monitor: the dashboard, to operators)
            #   10.0.0.3:9090   from 127.0.0.1, 10.0.0.3  (mon-01/monitor admin, to operators and the monitor)
            #   10.0.0.11:8081  from 10.0.0.1, 10.0.0.2  (web-1/web from its balancers)
            #   10.0.0.11:9081  from 127.0.0.1, 10.0.0.3  (web-1/web admin, to operators and the monitor)
            #   10.0.0.12:8081  from 10.0.0.1, 10.0.0.2  (web-2/web from its balancers)
            #   10.0.0.12:9081  from 127.0.0.1, 10.0.0.3  (web-2/web admin, to operators and the monitor)
            #   10.0.0.21:8082  from 10.0.0.11, 10.0.0.12  (app-1/app from its web servers)
            #   10.0.0.21:9082  from 127.0.0.1, 10.0.0.3  (app-1/app admin, to operators and the monitor)
            #   10.0.0.22:8082  from 10.0.0.11, 10.0.0.12  (app-2/app from its web servers)
            #   10.0.0.22:9082  from 127.0.0.1, 10.0.0.3  (app-2/app admin, to operators and the monitor)
            #   10.0.0.31:3306  from 10.0.0.3, 10.0.0.21, 10.0.0.22, 10.0.0.32, 127.0.0.1  (db-1/db from the application servers, the monitor, the other database nodes and operators)
            #   10.0.0.32:3306  from 10.0.0.3, 10.0.0.21, 10.0.0.22, 10.0.0.31, 127.0.0.1  (db-2/db from the application servers, the monitor, the other database nodes and operators)
            #   10.0.0.53:53    from anywhere  (ns-1/dns: the site's names, to everyone (UDP and TCP))
            """.Replace("\r\n", "\n", StringComparison.Ordinal),
            finding.Snippet);
    }

    [Fact]
    public void Firewall_turned_on_is_not_reported()
    {
        var topology = TopologyText.Load(TopologyText.Redundant + "\nfirewall: { enabled: true }\n");

        Assert.DoesNotContain(TopologyDoctor.Examine(topology).Findings, f => f.Rule == DoctorRules.NoFirewall);
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
    public void Tls_ending_at_the_balancer_is_fixed_by_internal_tls()
    {
        var yaml = TopologyText.Redundant.Replace("balancer: { port: 80, backend: web }", "balancer: { port: 80, https_port: 443, backend: web }", StringComparison.Ordinal);

        var finding = TopologyText.Finding(yaml, DoctorRules.TlsEndsAtBalancer);

        Assert.Equal(FindingSeverity.Warning, finding.Severity);
        Assert.StartsWith("re-encrypt them with 'tls.internal'", finding.Fix, StringComparison.Ordinal);
        Assert.Equal("tls:\n  internal: true", finding.Snippet);
    }

    [Fact]
    public void Internal_tls_leaves_no_plain_hop_behind_the_balancer_to_report()
    {
        var yaml = TopologyText.Redundant.Replace("balancer: { port: 80, backend: web }", "balancer: { port: 80, https_port: 443, backend: web }", StringComparison.Ordinal)
            + "\ntls:\n  internal: true\n";

        var rules = TopologyText.Rules(yaml);

        Assert.DoesNotContain(DoctorRules.TlsEndsAtBalancer, rules);
        Assert.DoesNotContain(DoctorRules.NoHttps, rules);
    }

    [Fact]
    public void Database_nodes_on_two_servers_without_tls_are_a_warning_with_the_key_that_encrypts_them()
    {
        var finding = TopologyText.Finding(TopologyText.RedundantWith("\n  tls: true", ""), DoctorRules.PlainDatabaseTraffic);

        Assert.Equal(FindingSeverity.Warning, finding.Severity);
        Assert.Equal("database", finding.Subject);
        Assert.StartsWith("the database nodes on 'db-1' and 'db-2' talk over the network without TLS: passwords and rows cross the network in clear", finding.Problem, StringComparison.Ordinal);
        Assert.Equal("database:\n  tls: true", finding.Snippet);
    }

    [Fact]
    public void Database_tls_leaves_no_plain_database_traffic_to_report()
    {
        Assert.DoesNotContain(DoctorRules.PlainDatabaseTraffic, TopologyText.Rules(TopologyText.Redundant));
    }

    [Fact]
    public void Database_nodes_on_one_server_are_not_reported_as_plain_traffic()
    {
        Assert.DoesNotContain(DoctorRules.PlainDatabaseTraffic, TopologyText.Rules(SinglePointOfFailureRuleTests.SimpleStack));
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
