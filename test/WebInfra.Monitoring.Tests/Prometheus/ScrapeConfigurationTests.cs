using WebInfra.Monitoring.Prometheus;
using YamlDotNet.RepresentationModel;

namespace WebInfra.Monitoring.Tests.Prometheus;

public sealed class ScrapeConfigurationTests
{
    private static readonly Topology.Model.Topology s_distributed = ShippedTopologies.Load("distributed.yaml");

    private static YamlMappingNode Distributed => PrometheusYaml.Parse(ScrapeConfiguration.Render(s_distributed, PrometheusExport.RulesFileName, PrometheusExport.CredentialsFileName));

    [Fact]
    public void Distributed_topology_has_one_job_per_component_kind_scraping_each_admin_listener_labelled_with_server_and_component()
    {
        var targets = Distributed.Items("scrape_configs").SelectMany(job => job.Items("static_configs").Select(target =>
            (Job: job.Text("job_name"), Target: ((YamlScalarNode)Assert.Single(target.Items("targets"))).Value, Server: target.Get("labels").Text("server"), Component: target.Get("labels").Text("component"))));

        Assert.Equal(
            [
                ("balancer", "127.0.1.10:9080", "lb-01", "lb-01/balancer"),
                ("web", "127.0.1.1:9081", "server-1", "server-1/web"),
                ("web", "127.0.1.2:9081", "server-2", "server-2/web"),
                ("app", "127.0.1.1:9082", "server-1", "server-1/app"),
                ("app", "127.0.1.2:9082", "server-2", "server-2/app"),
                ("monitor", "127.0.1.10:9090", "lb-01", "lb-01/monitor"),
            ],
            targets);
    }

    [Fact]
    public void Targets_carry_only_the_server_and_component_labels()
    {
        var labelSets = Distributed.Items("scrape_configs").SelectMany(job => job.Items("static_configs")).Select(target => ((YamlMappingNode)target.Get("labels")).Children.Keys.Select(k => k.ToString()));

        Assert.All(labelSets, labels => Assert.Equal(["server", "component"], labels));
    }

    [Fact]
    public void Every_job_sends_the_read_token_from_the_file_next_to_the_configuration()
    {
        var jobs = Distributed.Items("scrape_configs").ToList();

        Assert.Equal(4, jobs.Count);
        Assert.All(jobs, job =>
        {
            Assert.Equal("Bearer", job.Get("authorization").Text("type"));
            Assert.Equal("webinfra-read.token", job.Get("authorization").Text("credentials_file"));
        });
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void Export_writes_the_read_token_alone_into_an_owner_only_file()
    {
        var folder = Directory.CreateTempSubdirectory("webinfra-export-").FullName;
        try
        {
            PrometheusExport.Write(s_distributed, folder, new WebInfra.Hosting.Administration.AdminCredentials("test-admin-token", "test-read-token"));

            var token = Path.Combine(folder, PrometheusExport.CredentialsFileName);
            Assert.Equal("test-read-token", File.ReadAllText(token));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(token));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Scrapes_and_rule_evaluations_run_every_5s_and_the_alert_rules_are_loaded()
    {
        var configuration = Distributed;

        Assert.Equal("5s", configuration.Get("global").Text("scrape_interval"));
        Assert.Equal("5s", configuration.Get("global").Text("evaluation_interval"));
        Assert.Equal(["webinfra-alerts.yml"], configuration.Items("rule_files").Select(f => f.ToString()));
    }

    [Fact]
    public void Database_nodes_have_no_target_and_a_comment_says_the_monitor_covers_them()
    {
        var text = ScrapeConfiguration.Render(s_distributed, PrometheusExport.RulesFileName, PrometheusExport.CredentialsFileName);

        Assert.DoesNotContain(":3306", PrometheusYaml.Parse(text).ToString(), StringComparison.Ordinal);
        Assert.Contains(
            "# Database nodes (server-1/db at 127.0.1.1:3306, server-2/db at 127.0.1.2:3306) run mariadbd, which serves no /metrics:\n"
            + "# the monitor (lb-01/monitor) exports the webinfra_db_* series for them",
            text,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Export_writes_both_files_into_a_new_folder_and_counts_the_targets()
    {
        var folder = Path.Combine(Directory.CreateTempSubdirectory("webinfra-export-").FullName, "monitoring");
        try
        {
            var result = PrometheusExport.Write(s_distributed, folder, new WebInfra.Hosting.Administration.AdminCredentials("test-admin-token", "test-read-token"));

            Assert.Equal(Path.Combine(folder, "prometheus.yml"), result.ConfigPath);
            Assert.Equal(Path.Combine(folder, "webinfra-alerts.yml"), result.RulesPath);
            Assert.Equal(6, result.Targets);
            Assert.Equal(12, result.Alerts.Count);
            Assert.Equal(ScrapeConfiguration.Render(s_distributed, PrometheusExport.RulesFileName, PrometheusExport.CredentialsFileName), File.ReadAllText(result.ConfigPath));
            Assert.Equal(AlertRulesFile.Render(s_distributed, AlertRules.For(s_distributed)), File.ReadAllText(result.RulesPath));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(folder)!, recursive: true);
        }
    }
}
