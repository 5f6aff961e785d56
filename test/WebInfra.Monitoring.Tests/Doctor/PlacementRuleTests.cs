using WebInfra.Monitoring.Doctor;

namespace WebInfra.Monitoring.Tests.Doctor;

public sealed class PlacementRuleTests
{
    [Fact]
    public void Server_running_web_app_and_database_is_crowded()
    {
        var finding = TopologyText.Finding(SinglePointOfFailureRuleTests.SimpleStack, DoctorRules.CrowdedServer);

        Assert.Equal(FindingSeverity.Warning, finding.Severity);
        Assert.Equal("server-1", finding.Subject);
        // 10.0.0.2 and 10.0.0.3 went to the new servers of earlier fixes (lb-01, server-2).
        Assert.Equal("servers:\n  db-1:\n    address: 10.0.0.4\n    components:\n      db: { port: 3306, role: primary }", finding.Snippet);
        Assert.DoesNotContain(DoctorRules.DatabaseBesideApp, TopologyText.Rules(SinglePointOfFailureRuleTests.SimpleStack));
    }

    [Fact]
    public void Two_crowded_servers_get_two_new_database_servers()
    {
        var snippets = TopologyDoctor.Examine(TopologyText.Preset("distributed.yaml")).Findings
            .Where(f => f.Rule == DoctorRules.CrowdedServer).Select(f => f.Snippet!.Split('\n')[1..3]);

        Assert.Equal([["  db-1:", "    address: 127.0.1.3"], ["  db-2:", "    address: 127.0.1.4"]], snippets);
    }

    [Fact]
    public void Database_node_beside_an_app_server_is_worth_knowing()
    {
        var yaml = TopologyText.RedundantWith("app: { port: 8082 }\n  app-2:", "app: { port: 8082 }\n      db: { port: 3307, role: replica }\n  app-2:");

        var finding = TopologyText.Finding(yaml, DoctorRules.DatabaseBesideApp);

        Assert.Equal(FindingSeverity.Info, finding.Severity);
        Assert.Equal("app-1/db", finding.Subject);
        Assert.DoesNotContain(DoctorRules.CrowdedServer, TopologyText.Rules(yaml));
    }

    [Fact]
    public void Servers_of_one_tier_each_are_not_crowded()
    {
        var rules = TopologyText.Rules(TopologyText.Redundant);

        Assert.DoesNotContain(DoctorRules.CrowdedServer, rules);
        Assert.DoesNotContain(DoctorRules.DatabaseBesideApp, rules);
    }

    [Fact]
    public void Asynchronous_replication_is_a_warning_with_the_key_that_makes_it_lossless()
    {
        var finding = TopologyText.Finding(TopologyText.RedundantWith("replication: semisync", "replication: async"), DoctorRules.AsyncReplication);

        Assert.Equal(FindingSeverity.Warning, finding.Severity);
        Assert.Equal("database:\n  replication: semisync", finding.Snippet);
    }

    [Fact]
    public void Single_database_node_runs_asynchronously_and_is_reported()
    {
        var finding = TopologyText.Finding(SinglePointOfFailureRuleTests.OneDatabaseNode(), DoctorRules.AsyncReplication);

        Assert.StartsWith("'db-1/db' is the only database node, so it runs asynchronously", finding.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Semi_synchronous_replication_with_a_replica_is_not_reported()
    {
        Assert.DoesNotContain(DoctorRules.AsyncReplication, TopologyText.Rules(TopologyText.Redundant));
    }
}
