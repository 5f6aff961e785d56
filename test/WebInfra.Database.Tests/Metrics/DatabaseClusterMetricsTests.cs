using System.Text;
using WebInfra.Database.Metrics;
using WebInfra.Database.Monitoring;

namespace WebInfra.Database.Tests.Metrics;

public sealed class DatabaseClusterMetricsTests
{
    [Fact]
    public async Task Each_node_reports_its_role_lag_and_GTID_sequence_per_domain()
    {
        DatabaseClusterMetrics.Publish(Cluster(failovers: 0, lastFailoverSeconds: null, Primary("0-1-7,1-1-3"), Replica(lag: 2, "0-1-6")));

        var text = await ScrapeAsync();

        Assert.Contains("webinfra_db_node_up{node=\"server-1/db\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("webinfra_db_node_role{node=\"server-1/db\",role=\"primary\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("webinfra_db_node_role{node=\"server-1/db\",role=\"replica\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("webinfra_db_node_role{node=\"server-2/db\",role=\"replica\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("webinfra_db_replication_lag_seconds{node=\"server-2/db\"} 2\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("webinfra_db_replication_lag_seconds{node=\"server-1/db\"}", text, StringComparison.Ordinal);
        Assert.Contains("webinfra_db_gtid_sequence{node=\"server-1/db\",domain=\"0\"} 7\n", text, StringComparison.Ordinal);
        Assert.Contains("webinfra_db_gtid_sequence{node=\"server-1/db\",domain=\"1\"} 3\n", text, StringComparison.Ordinal);
        Assert.Contains("webinfra_db_gtid_sequence{node=\"server-2/db\",domain=\"0\"} 6\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Node_that_goes_down_loses_its_lag_and_GTID_series()
    {
        DatabaseClusterMetrics.Publish(Cluster(failovers: 0, lastFailoverSeconds: null, Primary("0-1-7"), Replica(lag: 0, "0-1-7")));
        DatabaseClusterMetrics.Publish(Cluster(failovers: 0, lastFailoverSeconds: null, Primary("0-1-8"), Down("server-2/db")));

        var text = await ScrapeAsync();

        Assert.Contains("webinfra_db_node_up{node=\"server-2/db\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("webinfra_db_node_role{node=\"server-2/db\",role=\"down\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("webinfra_db_node_role{node=\"server-2/db\",role=\"replica\"} 0\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("webinfra_db_replication_lag_seconds{node=\"server-2/db\"}", text, StringComparison.Ordinal);
        Assert.DoesNotContain("webinfra_db_gtid_sequence{node=\"server-2/db\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replica_cut_off_from_its_primary_has_a_data_age_but_no_lag()
    {
        DatabaseClusterMetrics.Publish(Cluster(failovers: 0, lastFailoverSeconds: null, Primary("0-1-7"), Replica(lag: 1, "0-1-7") with { DataAgeSeconds = 1.5 }));
        Assert.Contains("webinfra_db_replica_data_age_seconds{node=\"server-2/db\"} 1.5\n", await ScrapeAsync(), StringComparison.Ordinal);

        DatabaseClusterMetrics.Publish(Cluster(failovers: 0, lastFailoverSeconds: null, Down("server-1/db"), Replica(lag: 0, "0-1-7") with { IoRunning = false, SecondsBehindMaster = null, DataAgeSeconds = 41 }));
        var text = await ScrapeAsync();

        Assert.Contains("webinfra_db_replica_data_age_seconds{node=\"server-2/db\"} 41\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("webinfra_db_replication_lag_seconds{node=\"server-2/db\"}", text, StringComparison.Ordinal);
        Assert.DoesNotContain("webinfra_db_replica_data_age_seconds{node=\"server-1/db\"}", text, StringComparison.Ordinal);

        DatabaseClusterMetrics.Publish(Cluster(failovers: 0, lastFailoverSeconds: null, Primary("0-1-7"), Down("server-2/db")));
        Assert.DoesNotContain("webinfra_db_replica_data_age_seconds{node=\"server-2/db\"}", await ScrapeAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_node_holding_errant_transactions_is_flagged_until_it_holds_none_and_a_node_down_has_no_series()
    {
        DatabaseClusterMetrics.Publish(Cluster(failovers: 0, lastFailoverSeconds: null, Primary("0-1-7"), Replica(lag: 0, "0-1-7") with { ErrantGtids = ["0-2-5", "9-2-1"] }));
        var text = await ScrapeAsync();
        Assert.Contains("webinfra_db_errant_transactions{node=\"server-2/db\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("webinfra_db_errant_transactions{node=\"server-1/db\"} 0\n", text, StringComparison.Ordinal);

        DatabaseClusterMetrics.Publish(Cluster(failovers: 0, lastFailoverSeconds: null, Primary("0-1-7"), Replica(lag: 0, "0-1-7") with { ErrantGtids = [] }));
        Assert.Contains("webinfra_db_errant_transactions{node=\"server-2/db\"} 0\n", await ScrapeAsync(), StringComparison.Ordinal);

        DatabaseClusterMetrics.Publish(Cluster(failovers: 0, lastFailoverSeconds: null, Primary("0-1-7"), Down("server-2/db")));
        Assert.DoesNotContain("webinfra_db_errant_transactions{node=\"server-2/db\"}", await ScrapeAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Last_failover_duration_appears_with_the_first_failover()
    {
        DatabaseClusterMetrics.Publish(Cluster(failovers: 0, lastFailoverSeconds: null, Primary("0-1-7")));
        Assert.DoesNotContain("\nwebinfra_db_last_failover_seconds ", await ScrapeAsync(), StringComparison.Ordinal);

        DatabaseClusterMetrics.Publish(Cluster(failovers: 1, lastFailoverSeconds: 1.25, Primary("0-1-7")));
        var text = await ScrapeAsync();

        Assert.Contains("\nwebinfra_db_failovers_total 1\n", text, StringComparison.Ordinal);
        Assert.Contains("\nwebinfra_db_last_failover_seconds 1.25\n", text, StringComparison.Ordinal);
    }

    private static ClusterStatus Cluster(int failovers, double? lastFailoverSeconds, params DatabaseNodeStatus[] nodes) =>
        new("server-1/db", "semisync", nodes, failovers, lastFailoverSeconds is null ? null : DateTimeOffset.UnixEpoch, lastFailoverSeconds, Monitored: true);

    private static DatabaseNodeStatus Primary(string gtid) =>
        new("server-1/db", "127.0.1.1:3306", DatabaseNodeRoles.Primary, true, false, gtid, gtid, null, null, null, null, true, false, null);

    private static DatabaseNodeStatus Replica(long lag, string gtid) =>
        new("server-2/db", "127.0.1.2:3306", DatabaseNodeRoles.Replica, true, true, gtid, gtid, "127.0.1.1:3306", true, true, lag, false, true, null);

    private static DatabaseNodeStatus Down(string name) =>
        new(name, "127.0.1.2:3306", DatabaseNodeRoles.Down, false, null, null, null, null, null, null, null, null, null, "connection refused");

    private static async Task<string> ScrapeAsync()
    {
        using var stream = new MemoryStream();
        await Prometheus.Metrics.DefaultRegistry.CollectAndExportAsTextAsync(stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
