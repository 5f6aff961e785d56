using MySqlConnector;
using WebInfra.App.Metrics;
using WebInfra.App.Storage;
using WebInfra.Database.Replication;

namespace WebInfra.App.Tests.Storage;

public sealed class ClusterSnapshotTests : IAsyncLifetime
{
    private const long Now = 1_000_000;

    private const long Second = 1_000;

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
        var snapshot = ClusterSnapshot.Build(Nodes, [Replica(lag: 0) with { Replicating = false }, Replica(lag: 0), s_writable], s_maxLag, ClusterSnapshot.Initial(Nodes, _a), Now);

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
    public void With_the_primary_gone_a_replica_that_applied_all_it_received_keeps_taking_reads()
    {
        var snapshot = Build(NodeObservation.Unreachable("refused"), CutOff(appliedAll: true), Replica(lag: null) with { AppliedAll = false });

        Assert.Null(snapshot.Primary);
        Assert.Equal([_b], snapshot.ReadReplicas);
        Assert.Equal(NodeState.PrimaryLost, snapshot.Nodes[1].State);
        Assert.Equal(NodeState.LagUnknown, snapshot.Nodes[2].State);
    }

    [Fact]
    public void With_the_primary_up_a_replica_cut_off_from_it_gets_no_reads_however_much_it_applied()
    {
        var snapshot = Build(s_writable, CutOff(appliedAll: true), Replica(lag: 0));

        Assert.Equal([_c], snapshot.ReadReplicas);
        Assert.Equal(NodeState.LagUnknown, snapshot.Nodes[1].State);
    }

    [Fact]
    public void A_replica_that_took_reads_keeps_them_through_a_promotion_while_no_node_is_writable()
    {
        var before = Build(s_writable, Replica(lag: 1), Replica(lag: 9));

        // The primary dies; b still applies its relay log, c was lagging and has not caught up.
        var lost = After(before, NodeObservation.Unreachable("refused"), CutOff(appliedAll: false), CutOff(appliedAll: false));
        Assert.Equal([_b], lost.ReadReplicas);
        Assert.Equal([NodeState.Unreachable, NodeState.PrimaryLost, NodeState.LagUnknown], lost.Nodes.Select(n => n.State));

        // The monitor promotes b: STOP SLAVE, RESET SLAVE ALL, then read_only off. Reads stay on it throughout.
        var stopped = After(lost, NodeObservation.Unreachable("refused"), Replica(lag: null) with { IoThreadRunning = false, SqlThreadRunning = false, AppliedAll = true }, CutOff(appliedAll: false));
        var reset = After(stopped, NodeObservation.Unreachable("refused"), Replica(lag: null) with { Replicating = false, IoThreadRunning = false, SqlThreadRunning = false }, CutOff(appliedAll: false));
        Assert.Equal([_b], stopped.ReadReplicas);
        Assert.Equal([_b], reset.ReadReplicas);

        var promoted = After(reset, NodeObservation.Unreachable("refused"), s_writable, CutOff(appliedAll: true));
        Assert.Same(_b, promoted.Primary);
        Assert.Empty(promoted.ReadReplicas);
        Assert.Equal(NodeState.LagUnknown, promoted.Nodes[2].State);
    }

    [Fact]
    public void A_read_only_node_that_never_took_reads_and_does_not_replicate_gets_none_without_a_primary()
    {
        // Such as an old primary back from a crash, read-only, which may hold writes nobody acknowledged.
        var snapshot = Build(Replica(lag: null) with { Replicating = false, IoThreadRunning = false, SqlThreadRunning = false }, CutOff(appliedAll: true), NodeObservation.Unreachable("refused"));

        Assert.Equal([_b], snapshot.ReadReplicas);
        Assert.Equal(NodeState.NotReplicating, snapshot.Nodes[0].State);
    }

    [Fact]
    public void A_replica_cut_off_from_its_primary_keeps_the_lag_it_last_reported_and_when()
    {
        var before = Build(s_writable, Replica(lag: 2), Replica(lag: 0));
        var lost = ClusterSnapshot.Build(Nodes, [NodeObservation.Unreachable("refused"), CutOff(appliedAll: true), CutOff(appliedAll: true)], s_maxLag, before, Now + (10 * Second));

        Assert.Equal(new ReplicaContact(Now, 2), lost.Nodes[1].Contact);
        Assert.Equal(new ReplicaContact(Now, 0), lost.Nodes[2].Contact);
        Assert.Null(lost.Nodes[0].Contact);
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
        var snapshot = ClusterSnapshot.Build(Nodes, [s_writable, Replica(lag: 0), s_writable], s_maxLag, ClusterSnapshot.Initial(Nodes, _c), Now);

        Assert.Same(_c, snapshot.Primary);
        Assert.Equal(NodeState.ExtraWritable, snapshot.Nodes[0].State);
        Assert.Equal([_b], snapshot.ReadReplicas);
    }

    [Fact]
    public void With_two_writable_nodes_and_neither_the_previous_primary_the_one_not_replicating_wins()
    {
        var snapshot = ClusterSnapshot.Build(Nodes, [s_writable with { Replicating = true }, Replica(lag: 0), s_writable], s_maxLag, ClusterSnapshot.Initial(Nodes, _b), Now);

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

    private ClusterSnapshot Build(params NodeObservation[] observations) => ClusterSnapshot.Build(Nodes, observations, s_maxLag, ClusterSnapshot.Initial(Nodes, _a), Now);

    private ClusterSnapshot After(ClusterSnapshot previous, params NodeObservation[] observations) =>
        ClusterSnapshot.Build(Nodes, observations, s_maxLag, previous, Now + Second);

    // A replica whose primary is gone: the I/O thread reconnects (Seconds_Behind_Master NULL), the SQL thread runs.
    private static NodeObservation CutOff(bool appliedAll) => Replica(lag: null) with { IoThreadRunning = false, AppliedAll = appliedAll };

    // A data source opens no connection until asked to, so these tests touch no socket.
    private static DatabaseServer Node(int index, string host) =>
        new(index, host + ":3306", new MySqlDataSource($"Server={host}"), new MySqlDataSource($"Server={host}"), new NodeQueryMetrics(host + ":3306"));
}
