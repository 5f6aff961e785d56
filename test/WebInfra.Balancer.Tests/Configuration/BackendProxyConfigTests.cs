using WebInfra.Balancer.Configuration;
using WebInfra.Balancer.Health;
using WebInfra.Topology.Loading;
using WebInfra.Balancer.LoadBalancing;
using Yarp.ReverseProxy.Model;

namespace WebInfra.Balancer.Tests.Configuration;

public sealed class BackendProxyConfigTests
{
    private const string Topology = """
        site: { name: www.foobar.com, files: . }
        servers:
          lb-01:
            address: 127.0.1.10
            components: { balancer: { port: 8080, backend: web } }
          server-1:
            address: 127.0.1.1
            components: { web: { port: 8081, backend: app }, app: { port: 8082 }, db: { port: 3306, role: primary } }
          server-2:
            address: 127.0.1.2
            components: { web: { port: 8081, backend: app }, app: { port: 8082 } }
        backends:
          web:
            members: [{ component: server-1/web, weight: 3 }, server-2/web]
            health: { path: /ready, interval: 300ms, timeout: 200ms, rise: 4, fall: 5 }
          app:
            members: [server-1/app, { component: server-2/app, backup: true }]
            algorithm: LeastConn
            health: { error_limit: 1 }
            timeouts: { server: 7s }
        """;

    [Fact]
    public void Cluster_has_a_destination_per_member_at_its_address()
    {
        var cluster = CreateCluster("web");

        Assert.Equal("http://127.0.1.1:8081/", cluster.Destinations!["server-1/web"].Address);
        Assert.Equal("http://127.0.1.2:8081/", cluster.Destinations["server-2/web"].Address);
        Assert.Equal(2, cluster.Destinations.Count);
    }

    [Fact]
    public void Every_policy_is_named_so_no_YARP_default_applies()
    {
        var cluster = CreateCluster("web");

        Assert.Equal(BalancingPolicies.RoundRobin, cluster.LoadBalancingPolicy);
        Assert.Equal(ActiveOrBackupDestinationsPolicy.PolicyName, cluster.HealthCheck!.AvailableDestinationsPolicy);
        Assert.Equal(RiseFallHealthPolicy.PolicyName, cluster.HealthCheck.Active!.Policy);
        Assert.True(cluster.HealthCheck.Passive!.Enabled);
        Assert.Equal(ErrorLimitHealthPolicy.PolicyName, cluster.HealthCheck.Passive.Policy);
    }

    [Fact]
    public void Backup_flag_error_limit_and_server_timeout_come_from_the_topology()
    {
        var cluster = CreateCluster("app");

        Assert.Equal("true", cluster.Destinations!["server-2/app"].Metadata![ActiveOrBackupDestinationsPolicy.BackupMetadata]);
        Assert.Equal("false", cluster.Destinations["server-1/app"].Metadata![ActiveOrBackupDestinationsPolicy.BackupMetadata]);
        Assert.Equal("1", cluster.Metadata![ErrorLimitHealthPolicy.ErrorLimitMetadata]);
        Assert.Equal(TimeSpan.FromSeconds(7), cluster.HttpRequest!.ActivityTimeout);
    }

    [Fact]
    public void Algorithm_word_becomes_the_WebInfra_policy()
    {
        Assert.Equal(BalancingPolicies.LeastConn, CreateCluster("app").LoadBalancingPolicy);
    }

    [Fact]
    public void Member_weight_travels_in_destination_metadata()
    {
        var cluster = CreateCluster("web");

        Assert.Equal("3", cluster.Destinations!["server-1/web"].Metadata![DestinationWeights.MetadataKey]);
        Assert.Equal("1", cluster.Destinations["server-2/web"].Metadata![DestinationWeights.MetadataKey]);
        Assert.Equal(3, DestinationWeights.Of(new DestinationState("server-1/web", new DestinationModel(cluster.Destinations["server-1/web"]))));
    }

    [Fact]
    public void Health_check_settings_come_from_the_topology()
    {
        var cluster = CreateCluster("web");

        var active = cluster.HealthCheck!.Active!;
        Assert.True(active.Enabled);
        Assert.Equal("/ready", active.Path);
        Assert.Equal(TimeSpan.FromMilliseconds(300), active.Interval);
        Assert.Equal(TimeSpan.FromMilliseconds(200), active.Timeout);
        Assert.Equal("4", cluster.Metadata![RiseFallHealthPolicy.RiseMetadata]);
        Assert.Equal("5", cluster.Metadata[RiseFallHealthPolicy.FallMetadata]);
    }

    [Fact]
    public void Route_sends_every_path_to_the_backend()
    {
        var route = BackendProxyConfig.CreateRoute(Load().FindBackend("app")!, entryTier: false);

        Assert.Equal("app", route.ClusterId);
        Assert.Equal("{**catch-all}", route.Match.Path);
    }

    private static readonly string s_siteDirectory = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "test-site")).FullName;

    private static Topology.Model.Topology Load() => TopologyLoader.Parse(Topology, "test.yaml", s_siteDirectory);

    private static Yarp.ReverseProxy.Configuration.ClusterConfig CreateCluster(string backend)
    {
        var topology = Load();
        return BackendProxyConfig.CreateCluster(topology, topology.FindBackend(backend)!);
    }
}
