using Microsoft.Extensions.Time.Testing;
using MySqlConnector;
using WebInfra.App.Metrics;
using WebInfra.App.Storage;
using WebInfra.Database.Replication;
using WebInfra.Topology.Model;

namespace WebInfra.App.Tests.Storage;

public sealed class ClusterSnapshotTests : IAsyncLifetime
{
    private static readonly ReadRules s_staleOk = new(TimeSpan.FromSeconds(5), ReadsDuringFailover.StaleOk);

    private static readonly ReadRules s_fail = s_staleOk with { DuringFailover = ReadsDuringFailover.Fail };

    // A clock nobody advances: every time below is Now plus a whole number of seconds, so no test depends on timing.
    private readonly FakeTimeProvider _time = new();

    private static readonly NodeObservation s_writable = new(Reachable: true, ReadOnly: false, Replicating: false, IoThreadRunning: false, SqlThreadRunning: false, SecondsBehindPrimary: null);

    private readonly DatabaseServer _a = Node(0, "a");
    private readonly DatabaseServer _b = Node(1, "b");
    private readonly DatabaseServer _c = Node(2, "c");

    private IReadOnlyList<DatabaseServer> Nodes => [_a, _b, _c];

    private long Now => _time.GetTimestamp();

    private long Second => _time.TimestampFrequency;

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
        var snapshot = ClusterSnapshot.Build(Nodes, [Replica(lag: 0) with { Replicating = false }, Replica(lag: 0), s_writable], s_staleOk, ClusterSnapshot.Initial(Nodes, _a), Now, _time);

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
        Assert.Equal("lag 6 s exceeds 5 s", snapshot.Nodes[1].Reason(s_staleOk));
    }

    [Fact]
    public void Replica_with_its_SQL_thread_stopped_gets_no_reads_even_with_a_small_lag()
    {
        var snapshot = Build(s_writable, Replica(lag: 0) with { SqlThreadRunning = false }, Replica(lag: 0));

        Assert.Equal([_c], snapshot.ReadReplicas);
        Assert.Equal("SQL thread stopped", snapshot.Nodes[1].Reason(s_staleOk));
    }

    [Fact]
    public void Replica_whose_lag_is_unknown_and_never_seen_in_touch_with_its_primary_gets_no_reads()
    {
        var snapshot = Build(s_writable, Replica(lag: null) with { IoThreadRunning = false }, Replica(lag: 0));

        Assert.Equal([_c], snapshot.ReadReplicas);
        Assert.Equal(NodeState.LagUnknown, snapshot.Nodes[1].State);
    }

    [Fact]
    public void With_the_primary_gone_a_replica_that_applied_all_it_received_keeps_taking_reads()
    {
        var before = Build(s_writable, Replica(lag: 0), Replica(lag: 9));
        var snapshot = After(before, NodeObservation.Unreachable("refused"), CutOff(appliedAll: true), Replica(lag: null) with { AppliedAll = false });

        Assert.Null(snapshot.Primary);
        Assert.Equal([_b], snapshot.ReadReplicas);
        Assert.Equal(NodeState.PrimaryLost, snapshot.Nodes[1].State);
        Assert.Equal(NodeState.LagUnknown, snapshot.Nodes[2].State);
    }

    [Fact]
    public void With_the_primary_gone_a_replica_never_seen_in_touch_with_it_gets_no_reads_its_data_age_being_unknown()
    {
        var snapshot = Build(NodeObservation.Unreachable("refused"), CutOff(appliedAll: true), Replica(lag: 0));

        Assert.Equal([_c], snapshot.ReadReplicas);
        Assert.Equal(NodeState.LagUnknown, snapshot.Nodes[1].State);
        Assert.Equal("lag unknown (I/O thread not connected), never seen in touch with its primary", snapshot.Nodes[1].Reason(s_staleOk));
    }

    [Fact]
    public void With_the_primary_up_a_replica_cut_off_from_it_before_it_was_ever_seen_in_touch_gets_no_reads_however_much_it_applied()
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
    public void Stale_ok_a_replica_whose_IO_thread_disconnects_while_the_primary_is_up_takes_reads_until_its_data_is_older_than_max_lag()
    {
        var before = Build(s_writable, Replica(lag: 2), Replica(lag: 0));

        var cutOff = After(before, s_staleOk, 3, s_writable, CutOff(appliedAll: true), Replica(lag: 0));
        Assert.Equal([_b, _c], cutOff.ReadReplicas);
        Assert.Equal(NodeState.CutOff, cutOff.Nodes[1].State);
        Assert.Equal(5, cutOff.Nodes[1].DataAgeSeconds);
        Assert.Equal("I/O thread not connected while the primary is up; serves stale-ok reads, data 5 s old (max_lag 5 s)", cutOff.Nodes[1].Reason(s_staleOk));

        var tooOld = After(cutOff, s_staleOk, 4, s_writable, CutOff(appliedAll: true), Replica(lag: 0));
        Assert.Equal([_c], tooOld.ReadReplicas);
        Assert.Equal(NodeState.LagUnknown, tooOld.Nodes[1].State);
        Assert.Equal("lag unknown (I/O thread not connected), data 6 s old: past max_lag 5 s", tooOld.Nodes[1].Reason(s_staleOk));

        var back = After(tooOld, s_staleOk, 5, s_writable, Replica(lag: 0), Replica(lag: 0));
        Assert.Equal([_b, _c], back.ReadReplicas);
    }

    [Fact]
    public void Fail_a_replica_whose_IO_thread_disconnects_while_the_primary_is_up_takes_no_reads_at_once()
    {
        var before = Build(s_fail, s_writable, Replica(lag: 0), Replica(lag: 9));

        var cutOff = After(before, s_fail, 1, s_writable, CutOff(appliedAll: true), Replica(lag: 9));
        Assert.Same(_a, cutOff.Primary);
        Assert.Empty(cutOff.ReadReplicas);
        Assert.Equal(NodeState.LagUnknown, cutOff.Nodes[1].State);
        Assert.Equal("lag unknown (I/O thread not connected) and reads.during_failover is fail", cutOff.Nodes[1].Reason(s_fail));
    }

    [Fact]
    public void Fail_with_the_primary_gone_no_replica_takes_reads_so_no_node_serves_them()
    {
        var before = Build(s_fail, s_writable, Replica(lag: 0), Replica(lag: 0));

        // The primary dies; b and c hold all they received, their I/O threads reconnecting; then b is being promoted.
        var lost = After(before, s_fail, 1, NodeObservation.Unreachable("refused"), CutOff(appliedAll: true), CutOff(appliedAll: true));
        var reset = After(lost, s_fail, 2, NodeObservation.Unreachable("refused"), Replica(lag: null) with { Replicating = false, IoThreadRunning = false, SqlThreadRunning = false }, CutOff(appliedAll: true));

        Assert.Null(lost.Primary);
        Assert.Empty(lost.ReadReplicas);
        Assert.Equal([NodeState.Unreachable, NodeState.LagUnknown, NodeState.LagUnknown], lost.Nodes.Select(n => n.State));
        Assert.Null(reset.Primary);
        Assert.Empty(reset.ReadReplicas);
    }

    [Fact]
    public void Stale_ok_with_the_primary_gone_replicas_take_reads_only_while_their_data_is_within_max_lag()
    {
        var before = Build(s_writable, Replica(lag: 0), Replica(lag: 3));

        var lost = After(before, s_staleOk, 2, NodeObservation.Unreachable("refused"), CutOff(appliedAll: true), CutOff(appliedAll: true));
        Assert.Equal([_b, _c], lost.ReadReplicas);
        Assert.Equal("no node is writable; serves stale-ok reads, data 2 s old (max_lag 5 s)", lost.Nodes[1].Reason(s_staleOk));

        var later = After(lost, s_staleOk, 4, NodeObservation.Unreachable("refused"), CutOff(appliedAll: true), CutOff(appliedAll: true));
        Assert.Equal([_b], later.ReadReplicas);
        Assert.Equal([NodeState.PrimaryLost, NodeState.LagUnknown], later.Nodes.Skip(1).Select(n => n.State));

        var gone = After(later, s_staleOk, 6, NodeObservation.Unreachable("refused"), CutOff(appliedAll: true), CutOff(appliedAll: true));
        Assert.Null(gone.Primary);
        Assert.Empty(gone.ReadReplicas);
    }

    [Theory]
    [InlineData(ReadsDuringFailover.StaleOk, true)]
    [InlineData(ReadsDuringFailover.Fail, false)]
    public void A_replica_being_repointed_at_the_new_primary_takes_reads_only_when_stale_is_ok(ReadsDuringFailover duringFailover, bool takesReads)
    {
        var rules = s_staleOk with { DuringFailover = duringFailover };
        var before = Build(rules, s_writable, Replica(lag: 0), Replica(lag: 0));

        // b was promoted; c's I/O thread is connecting to it (CHANGE MASTER TO ... then START SLAVE).
        var repointing = After(before, rules, 2, NodeObservation.Unreachable("refused"), s_writable, CutOff(appliedAll: true));

        Assert.Same(_b, repointing.Primary);
        Assert.Equal(takesReads, repointing.Nodes[2].TakesReads);
        DatabaseServer[] readers = takesReads ? [_c] : [];
        Assert.Equal(readers, repointing.ReadReplicas);
    }

    [Fact]
    public void A_read_only_node_that_never_took_reads_and_does_not_replicate_gets_none_without_a_primary()
    {
        // Such as an old primary back from a crash, read-only, which may hold writes nobody acknowledged.
        var before = Build(NodeObservation.Unreachable("refused"), Replica(lag: 0), s_writable);
        var snapshot = After(before, Replica(lag: null) with { Replicating = false, IoThreadRunning = false, SqlThreadRunning = false }, CutOff(appliedAll: true), NodeObservation.Unreachable("refused"));

        Assert.Equal([_b], snapshot.ReadReplicas);
        Assert.Equal(NodeState.NotReplicating, snapshot.Nodes[0].State);
    }

    [Fact]
    public void A_replica_cut_off_from_its_primary_keeps_the_lag_it_last_reported_and_when()
    {
        var before = Build(s_writable, Replica(lag: 2), Replica(lag: 0));
        var lost = ClusterSnapshot.Build(Nodes, [NodeObservation.Unreachable("refused"), CutOff(appliedAll: true), CutOff(appliedAll: true)], s_staleOk, before, Now + (10 * Second), _time);

        Assert.Equal(new ReplicaContact(Now, 2), lost.Nodes[1].Contact);
        Assert.Equal(new ReplicaContact(Now, 0), lost.Nodes[2].Contact);
        Assert.Null(lost.Nodes[0].Contact);
    }

    [Fact]
    public void Unreachable_replica_gets_no_reads_and_its_error_is_the_reason()
    {
        var snapshot = Build(s_writable, NodeObservation.Unreachable("Connection refused"), Replica(lag: 0));

        Assert.Equal([_c], snapshot.ReadReplicas);
        Assert.Equal("unreachable (Connection refused)", snapshot.Nodes[1].Reason(s_staleOk));
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
        var snapshot = ClusterSnapshot.Build(Nodes, [s_writable, Replica(lag: 0), s_writable], s_staleOk, ClusterSnapshot.Initial(Nodes, _c), Now, _time);

        Assert.Same(_c, snapshot.Primary);
        Assert.Equal(NodeState.ExtraWritable, snapshot.Nodes[0].State);
        Assert.Equal([_b], snapshot.ReadReplicas);
    }

    [Fact]
    public void With_two_writable_nodes_and_neither_the_previous_primary_the_one_not_replicating_wins()
    {
        var snapshot = ClusterSnapshot.Build(Nodes, [s_writable with { Replicating = true }, Replica(lag: 0), s_writable], s_staleOk, ClusterSnapshot.Initial(Nodes, _b), Now, _time);

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

    private ClusterSnapshot Build(params NodeObservation[] observations) => Build(s_staleOk, observations);

    private ClusterSnapshot Build(ReadRules rules, params NodeObservation[] observations) => ClusterSnapshot.Build(Nodes, observations, rules, ClusterSnapshot.Initial(Nodes, _a), Now, _time);

    private ClusterSnapshot After(ClusterSnapshot previous, params NodeObservation[] observations) => After(previous, s_staleOk, 1, observations);

    // An observation seconds after Now (the first one's time), not after the previous one.
    private ClusterSnapshot After(ClusterSnapshot previous, ReadRules rules, long seconds, params NodeObservation[] observations) =>
        ClusterSnapshot.Build(Nodes, observations, rules, previous, Now + (seconds * Second), _time);

    // A replica whose primary is gone: the I/O thread reconnects (Seconds_Behind_Master NULL), the SQL thread runs.
    private static NodeObservation CutOff(bool appliedAll) => Replica(lag: null) with { IoThreadRunning = false, AppliedAll = appliedAll };

    // A data source opens no connection until asked to, so these tests touch no socket.
    private static DatabaseServer Node(int index, string host) =>
        new(index, host + ":3306", new MySqlDataSource($"Server={host}"), new MySqlDataSource($"Server={host}"), new NodeQueryMetrics(host + ":3306"));
}
