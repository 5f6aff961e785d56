using WebInfra.Database.Monitoring;
using WebInfra.Database.Replication;

namespace WebInfra.Database.Tests.Replication;

public sealed class CloneSourceTests
{
    [Fact]
    public void The_least_behind_running_replica_is_copied_and_the_primary_followed()
    {
        var source = CloneSource.Choose(Cluster(Primary("server-1/db"), Replica("server-2/db", lag: 2), Replica("server-3/db", lag: 0)));

        Assert.Equal(new CloneSource("server-1/db", "server-3/db", IsReplica: true), source);
    }

    [Fact]
    public void Equally_behind_replicas_go_in_topology_order()
    {
        var source = CloneSource.Choose(Cluster(Primary("server-1/db"), Replica("server-2/db", lag: 0), Replica("server-3/db", lag: 0)));

        Assert.Equal("server-2/db", source?.Source);
    }

    [Fact]
    public void With_no_replica_in_step_the_primary_is_copied()
    {
        var stopped = Replica("server-2/db", lag: null) with { SqlRunning = false };
        var cutOff = Replica("server-3/db", lag: null) with { IoRunning = false };

        Assert.Equal(new CloneSource("server-1/db", "server-1/db", IsReplica: false), CloneSource.Choose(Cluster(Primary("server-1/db"), stopped, cutOff)));
    }

    [Fact]
    public void Without_a_primary_nothing_is_cloned()
    {
        var cluster = new ClusterStatus(null, "semisync", [Replica("server-2/db", lag: 0)], 0, null, null, Monitored: false);

        Assert.Null(CloneSource.Choose(cluster));
    }

    private static ClusterStatus Cluster(params DatabaseNodeStatus[] nodes) =>
        new(nodes[0].Name, "semisync", nodes, 0, null, null, Monitored: false);

    private static DatabaseNodeStatus Primary(string name) =>
        new(name, "127.0.7.1:3306", DatabaseNodeRoles.Primary, true, false, "0-1-9", "0-1-9", null, null, null, null, true, false, null);

    private static DatabaseNodeStatus Replica(string name, long? lag) =>
        new(name, "127.0.7.2:3306", DatabaseNodeRoles.Replica, true, true, "0-1-9", "0-1-9", "127.0.7.1:3306", true, true, lag, false, true, null);
}
