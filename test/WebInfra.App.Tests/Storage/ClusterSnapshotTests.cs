using MySqlConnector;
using WebInfra.App.Metrics;
using WebInfra.App.Storage;

namespace WebInfra.App.Tests.Storage;

public sealed class ClusterSnapshotTests : IAsyncLifetime
{
    private static readonly TimeSpan s_maxLag = TimeSpan.FromSeconds(5);

    private static readonly NodeObservation s_writable = new(Reachable: true, ReadOnly: false, Replicating: false, IoThreadRunning: false, SqlThreadRunning: false, SecondsBehindPrimary: null);

    private readonly DatabaseServer _a = Node(0, "a");
    private readonly DatabaseServer _b = Node(1, "b");
    private readonly DatabaseServer _c = Node(2, "c");

    private IReadOnlyList<DatabaseServer> Nodes => [_a, _b, _c];

    [Fact]
    public void Before_the_first_observation_the_topologys_primary_takes_everything()
    {
        var snapshot = ClusterSnapshot.Initial(Nodes, _b);

        Assert.Same(_b, snapshot.Primary);
        Assert.Empty(snapshot.ReadReplicas);
        Assert.All(snapshot.Nodes, n => Assert.Equal(NodeState.Unobserved, n.State));
    }

    [Fact]
    public void The_writable_node_is_primary_and_caught_up_replicas_take_reads()
    {
        var snapshot = Build(s_writable, Replica(lag: 0), Replica(lag: 5));

        Assert.Same(_a, snapshot.Primary);
        Assert.Equal([_b, _c], snapshot.ReadReplicas);
        Assert.Equal([NodeState.Primary, NodeState.Eligible, NodeState.Eligible], snapshot.Nodes.Select(n => n.State));
    }

    [Fact]
    public void Primary_is_whichever_node_is_writable_not_the_topologys_guess()
    {
        var snapshot = ClusterSnapshot.Build(Nodes, [Replica(lag: 0) with { Replicating = false }, Replica(lag: 0), s_writable], s_maxLag, previousPrimary: _a);

        Assert.Same(_c, snapshot.Primary);
        Assert.Equal([_b], snapshot.ReadReplicas);
        Assert.Equal(NodeState.NotReplicating, snapshot.Nodes[0].State);
    }

    [Fact]
    public void No_writable_node_means_no_primary_while_replicas_still_take_reads()
    {
        var snapshot = Build(NodeObservation.Unreachable("refused"), Replica(lag: 0), Replica(lag: 1));

        Assert.Null(snapshot.Primary);
        Assert.Equal([_b, _c], snapshot.ReadReplicas);
        Assert.Equal(NodeState.Unreachable, snapshot.Nodes[0].State);
    }

    [Fact]
    public void Replica_beyond_the_lag_bound_gets_no_reads()
    {
        var snapshot = Build(s_writable, Replica(lag: 6), Replica(lag: 0));

        Assert.Equal([_c], snapshot.ReadReplicas);
        Assert.Equal(NodeState.Lagging, snapshot.Nodes[1].State);
        Assert.Equal("lag 6 s exceeds 5 s", snapshot.Nodes[1].Reason(s_maxLag));
    }

    [Fact]
    public void Replica_with_its_SQL_thread_stopped_gets_no_reads_even_with_a_small_lag()
    {
        var snapshot = Build(s_writable, Replica(lag: 0) with { SqlThreadRunning = false }, Replica(lag: 0));

        Assert.Equal([_c], snapshot.ReadReplicas);
        Assert.Equal("SQL thread stopped", snapshot.Nodes[1].Reason(s_maxLag));
    }

    [Fact]
    public void Replica_whose_lag_is_unknown_gets_no_reads()
    {
        var snapshot = Build(s_writable, Replica(lag: null) with { IoThreadRunning = false }, Replica(lag: 0));

        Assert.Equal([_c], snapshot.ReadReplicas);
        Assert.Equal(NodeState.LagUnknown, snapshot.Nodes[1].State);
    }

    [Fact]
    public void Unreachable_replica_gets_no_reads_and_its_error_is_the_reason()
    {
        var snapshot = Build(s_writable, NodeObservation.Unreachable("Connection refused"), Replica(lag: 0));

        Assert.Equal([_c], snapshot.ReadReplicas);
        Assert.Equal("unreachable (Connection refused)", snapshot.Nodes[1].Reason(s_maxLag));
    }

    [Fact]
    public void No_eligible_replica_leaves_reads_to_the_primary()
    {
        var snapshot = Build(s_writable, Replica(lag: 60), NodeObservation.Unreachable("timeout"));

        Assert.Same(_a, snapshot.Primary);
        Assert.Empty(snapshot.ReadReplicas);
        Assert.True(snapshot.HasReplicaNodes);
    }

    [Fact]
    public void With_two_writable_nodes_the_previous_primary_keeps_the_role_and_the_other_gets_nothing()
    {
        var snapshot = ClusterSnapshot.Build(Nodes, [s_writable, Replica(lag: 0), s_writable], s_maxLag, previousPrimary: _c);

        Assert.Same(_c, snapshot.Primary);
        Assert.Equal(NodeState.ExtraWritable, snapshot.Nodes[0].State);
        Assert.Equal([_b], snapshot.ReadReplicas);
    }

    [Fact]
    public void With_two_writable_nodes_and_neither_the_previous_primary_the_one_not_replicating_wins()
    {
        var snapshot = ClusterSnapshot.Build(Nodes, [s_writable with { Replicating = true }, Replica(lag: 0), s_writable], s_maxLag, previousPrimary: _b);

        Assert.Same(_c, snapshot.Primary);
    }

    [Fact]
    public void Reads_go_round_robin_over_the_eligible_replicas()
    {
        var snapshot = Build(s_writable, Replica(lag: 0), Replica(lag: 0));
        var selector = new ReplicaSelector();

        Assert.Equal([_b, _c, _b, _c, _b], Enumerable.Range(0, 5).Select(_ => selector.Pick(snapshot)));
    }

    [Fact]
    public void Selector_picks_nothing_when_no_replica_is_eligible()
    {
        Assert.Null(new ReplicaSelector().Pick(Build(s_writable, Replica(lag: 9), Replica(lag: 9))));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var node in Nodes)
        {
            await node.DisposeAsync();
        }
    }

    private static NodeObservation Replica(long? lag) =>
        new(Reachable: true, ReadOnly: true, Replicating: true, IoThreadRunning: true, SqlThreadRunning: true, SecondsBehindPrimary: lag);

    private ClusterSnapshot Build(params NodeObservation[] observations) => ClusterSnapshot.Build(Nodes, observations, s_maxLag, previousPrimary: _a);

    // A data source opens no connection until asked to, so these tests touch no socket.
    private static DatabaseServer Node(int index, string host) =>
        new(index, host + ":3306", new MySqlDataSource($"Server={host}"), new MySqlDataSource($"Server={host}"), new NodeQueryMetrics(host + ":3306"));
}
