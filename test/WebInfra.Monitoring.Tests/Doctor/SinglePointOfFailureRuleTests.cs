using WebInfra.Monitoring.Doctor;

namespace WebInfra.Monitoring.Tests.Doctor;

public sealed class SinglePointOfFailureRuleTests
{
    private const string SecondBalancer = """
          lb-02:
            address: 10.0.0.2
            components:
              balancer: { port: 80, backend: web }

        """;

    [Fact]
    public void Single_balancer_is_reported_as_single_point_of_failure()
    {
        var finding = TopologyText.Finding(TopologyText.RedundantWith(SecondBalancer, string.Empty), DoctorRules.SingleBalancer);

        Assert.Equal(FindingSeverity.Error, finding.Severity);
        Assert.Equal("lb-01/balancer", finding.Subject);
        Assert.Equal(9, finding.Location.Line);
        Assert.Equal("servers:\n  lb-02:\n    address: 10.0.0.2\n    components:\n      balancer: { port: 80, backend: web }", finding.Snippet);
    }

    [Fact]
    public void Two_balancers_on_two_servers_are_no_single_point_of_failure()
    {
        Assert.DoesNotContain(DoctorRules.SingleBalancer, TopologyText.Rules(TopologyText.Redundant));
    }

    [Fact]
    public void Two_balancers_that_clients_know_by_one_address_are_one_door_still()
    {
        var yaml = TopologyText.RedundantWith("www: [10.0.0.1, 10.0.0.2]", "www: [10.0.0.1]");

        var finding = TopologyText.Finding(yaml, DoctorRules.OneEntryAddress);

        Assert.Equal((FindingSeverity.Error, "lb-01/balancer"), (finding.Severity, finding.Subject));
        Assert.StartsWith("2 balancers, but clients know only lb-01/balancer's address", finding.Problem, StringComparison.Ordinal);
        Assert.Equal("dns:\n  zone: example.com\n  records:\n    www: [lb-01, lb-02]", finding.Snippet);
        Assert.DoesNotContain(DoctorRules.OneEntryAddress, TopologyText.Rules(TopologyText.Redundant));
    }

    [Fact]
    public void Site_without_balancer_reports_its_web_server_as_the_single_entry()
    {
        var finding = TopologyText.Finding(SimpleStack, DoctorRules.SingleBalancer);

        Assert.Equal("server-1/web", finding.Subject);
        Assert.StartsWith("no balancer: clients reach 'server-1/web' directly", finding.Problem, StringComparison.Ordinal);
        Assert.Contains("balancer: { port: 8080, backend: web }", finding.Snippet, StringComparison.Ordinal);
        Assert.Contains("members: [server-1/web]", finding.Snippet, StringComparison.Ordinal);
    }

    [Fact]
    public void Single_web_server_is_a_single_point_of_failure()
    {
        var yaml = TopologyText.RedundantWith("""
              web: { port: 8081, backend: app }
          web-2:
            address: 10.0.0.12
            components:
              web: { port: 8081, backend: app }
        """, """
              web: { port: 8081, backend: app }
        """).Replace("members: [web-1/web, web-2/web]", "members: [web-1/web]", StringComparison.Ordinal);

        var finding = TopologyText.Finding(yaml, DoctorRules.SingleWebServer);

        Assert.Equal(FindingSeverity.Error, finding.Severity);
        Assert.Equal("'web-1/web' is the only web server: when web-1 fails, no page is served", finding.Problem);
        Assert.Equal("servers:\n  web-2:\n    address: 10.0.0.12\n    components:\n      web: { port: 8081, backend: app }\nbackends:\n  web:\n    members: [web-1/web, web-2/web]", finding.Snippet);
    }

    [Fact]
    public void Single_app_server_is_reported_and_its_backend_has_a_single_active_member()
    {
        var yaml = OneAppServer();

        var rules = TopologyText.Rules(yaml);

        Assert.Contains(DoctorRules.SingleAppServer, rules);
        Assert.Contains(DoctorRules.SingleActiveMember, rules);
        Assert.Equal("backend 'app'", TopologyText.Finding(yaml, DoctorRules.SingleActiveMember).Subject);
    }

    [Fact]
    public void Backend_with_one_active_member_and_a_backup_is_not_a_single_point_of_failure()
    {
        var yaml = TopologyText.RedundantWith("members: [app-1/app, app-2/app]", "members: [app-1/app, { component: app-2/app, backup: true }]");

        Assert.DoesNotContain(DoctorRules.SingleActiveMember, TopologyText.Rules(yaml));
    }

    [Fact]
    public void Backend_leaving_out_an_existing_server_names_it_in_the_fix()
    {
        var yaml = TopologyText.RedundantWith("members: [app-1/app, app-2/app]", "members: [app-1/app]");

        var finding = TopologyText.Finding(yaml, DoctorRules.SingleActiveMember);

        Assert.DoesNotContain(DoctorRules.SingleAppServer, TopologyText.Rules(yaml));
        Assert.Equal("list 'app-2/app', which exists but is not a member, as an active member or as a backup", finding.Fix);
        Assert.Equal("backends:\n  app:\n    members: [app-1/app, app-2/app]   # or { component: app-2/app, backup: true }", finding.Snippet);
    }

    [Fact]
    public void Primary_without_replica_is_a_single_point_of_failure()
    {
        var finding = TopologyText.Finding(OneDatabaseNode(), DoctorRules.SingleDatabaseNode);

        Assert.Equal(FindingSeverity.Error, finding.Severity);
        Assert.Equal("db-1/db", finding.Subject);
        Assert.Equal("servers:\n  db-2:\n    address: 10.0.0.32\n    components:\n      db: { port: 3306, role: replica }", finding.Snippet);
    }

    [Fact]
    public void Primary_with_a_replica_on_another_server_is_no_single_point_of_failure()
    {
        Assert.DoesNotContain(DoctorRules.SingleDatabaseNode, TopologyText.Rules(TopologyText.Redundant));
    }

    [Fact]
    public void Replicas_without_monitor_have_no_failover()
    {
        var yaml = NoMonitor();

        var finding = TopologyText.Finding(yaml, DoctorRules.NoFailover);

        Assert.Equal(FindingSeverity.Error, finding.Severity);
        Assert.Equal("db-1/db", finding.Subject);
        Assert.Equal("servers:\n  lb-01:\n    components:\n      monitor: { port: 8090 }", finding.Snippet);
    }

    [Fact]
    public void Single_node_without_monitor_has_no_failover_to_report()
    {
        Assert.DoesNotContain(DoctorRules.NoFailover, TopologyText.Rules(SimpleStack));
    }

    [Fact]
    public void Single_monitor_is_a_warning_since_the_site_keeps_serving()
    {
        var finding = TopologyText.Finding(TopologyText.Redundant, DoctorRules.SingleMonitor);

        Assert.Equal(FindingSeverity.Warning, finding.Severity);
        Assert.Equal("mon-01/monitor", finding.Subject);
        Assert.Null(finding.Snippet);
    }

    [Fact]
    public void Three_monitors_electing_through_three_etcd_members_leave_nothing_to_report()
    {
        Assert.DoesNotContain(DoctorRules.SingleMonitor, TopologyText.Rules(WithMonitors(3, 3)));
    }

    [Theory]
    [InlineData(2, 3, "lb-02/monitor", "two monitors (lb-01/monitor, lb-02/monitor) have none to spare")]
    [InlineData(3, 2, "lb-02/etcd", "two etcd members (lb-01/etcd, lb-02/etcd) have no quorum to spare")]
    public void Two_monitors_or_two_etcd_members_are_a_warning_with_a_third_as_the_fix(int monitors, int members, string subject, string message)
    {
        var finding = TopologyText.Finding(WithMonitors(monitors, members), DoctorRules.SingleMonitor);

        Assert.Equal(FindingSeverity.Warning, finding.Severity);
        Assert.Equal(subject, finding.Subject);
        Assert.StartsWith(message, finding.Problem, StringComparison.Ordinal);
        Assert.Contains("three", finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Monitor_on_the_primary_s_server_is_an_error_since_both_die_together()
    {
        var yaml = NoMonitor().Replace("db: { port: 3306, role: primary }", "db: { port: 3306, role: primary }\n      monitor: { port: 8090 }", StringComparison.Ordinal);

        var finding = TopologyText.Finding(yaml, DoctorRules.SingleMonitor);

        Assert.Equal(FindingSeverity.Error, finding.Severity);
        Assert.StartsWith("servers:\n  monitor-1:\n    address: 10.0.0.33", finding.Snippet, StringComparison.Ordinal);
    }

    /// <summary>The redundant design with monitors on lb-01, lb-02 and mon-01 (the first <paramref name="monitors"/>), and etcd members on as many of them.</summary>
    private static string WithMonitors(int monitors, int members)
    {
        var servers = new[] { "lb-01", "lb-02", "mon-01" };
        var yaml = TopologyText.Redundant.Replace("      monitor: { port: 8090 }\n", string.Empty, StringComparison.Ordinal);
        for (var i = 0; i < servers.Length; i++)
        {
            var extra = (i < monitors ? "      monitor: { port: 8090 }\n" : string.Empty) + (i < members ? "      etcd: { port: 2379 }\n" : string.Empty);
            var header = $"  {servers[i]}:\n    address: 10.0.0.{(i == 2 ? 3 : i + 1)}\n    components:\n";
            yaml = yaml.Replace(header, header + extra, StringComparison.Ordinal);
        }

        return yaml;
    }

    /// <summary>The one-server design, inline.</summary>
    internal const string SimpleStack = """
        site:
          name: www.example.com
          files: .
          route_header: false
        servers:
          server-1:
            address: 10.0.0.1
            components:
              web: { port: 8081, backend: app }
              app: { port: 8082 }
              db: { port: 3306, role: primary }
        backends:
          app:
            members: [server-1/app]
        """;

    internal static string OneAppServer() => TopologyText.RedundantWith("""
          app-2:
            address: 10.0.0.22
            components:
              app: { port: 8082 }

        """, string.Empty).Replace("members: [app-1/app, app-2/app]", "members: [app-1/app]", StringComparison.Ordinal);

    internal static string OneDatabaseNode() => TopologyText.RedundantWith("""
          db-2:
            address: 10.0.0.32
            components:
              db: { port: 3306, role: replica }

        """, string.Empty);

    internal static string NoMonitor() => TopologyText.RedundantWith("""
          mon-01:
            address: 10.0.0.3
            components:
              monitor: { port: 8090 }

        """, string.Empty);
}
