using WebInfra.Database.Failover;
using WebInfra.Database.Monitoring;
using static WebInfra.Database.Tests.Failover.ObservationBuilder;

namespace WebInfra.Database.Tests.Failover;

/// <summary>The way back from a degraded primary, check by check, with writes that never stop.</summary>
public sealed class SemiSyncRestoreTests
{
    [Fact]
    public void With_no_replica_connected_it_waits_and_leaves_semi_sync_off()
    {
        var restore = new SemiSyncRestore();

        var step = Step(restore, [Degraded("0-1-100", enabled: false), Down(2), Replica(3, "0-1-90", running: false)], Degraded("0-1-100", enabled: false));

        Assert.Equal(SemiSyncRestoreAction.Wait, step.Action);
    }

    [Fact]
    public void A_connected_replica_gets_semi_sync_switched_on_and_is_made_to_connect_again()
    {
        var restore = new SemiSyncRestore();
        var primary = Degraded("0-1-100", enabled: false);

        var step = Step(restore, [primary, Replica(2, "0-1-100"), Down(3)], primary);

        Assert.Equal(SemiSyncRestoreAction.Enable, step.Action);
        Assert.Equal(["server-2/db"], step.Replicas.Select(r => r.Name));
    }

    [Fact]
    public void Writes_that_never_stop_do_not_keep_the_record_from_clearing()
    {
        var restore = new SemiSyncRestore();

        // The replica is always a few writes behind the primary's newest, as under steady load.
        Assert.Equal(SemiSyncRestoreAction.Wait, Step(restore, Cluster(primary: 200, replica: 195), Acknowledging(200)).Action);
        Assert.Equal(SemiSyncRestoreAction.Wait, Step(restore, Cluster(primary: 210, replica: 205), Acknowledging(210)).Action);
        Assert.Equal("0-1-210", restore.ResyncPoint?.ToString());
        var step = Step(restore, Cluster(primary: 220, replica: 215), Acknowledging(220));

        Assert.Equal(SemiSyncRestoreAction.Clear, step.Action);
        Assert.Equal("server-2/db", step.Replicas[0].Name);
    }

    [Fact]
    public void The_resync_point_is_taken_only_at_the_second_check_that_sees_semi_sync_acknowledging()
    {
        var restore = new SemiSyncRestore();

        // The first check that sees it on may have read the position before it came on: writes just before were alone.
        Step(restore, Cluster(primary: 200, replica: 200), Acknowledging(200));
        Assert.Null(restore.ResyncPoint);
        Step(restore, Cluster(primary: 201, replica: 200), Acknowledging(201));

        Assert.Equal("0-1-201", restore.ResyncPoint?.ToString());
    }

    [Fact]
    public void A_replica_short_of_the_resync_point_does_not_clear_the_record()
    {
        var restore = new SemiSyncRestore();
        Step(restore, Cluster(primary: 200, replica: 150), Acknowledging(200));
        Step(restore, Cluster(primary: 210, replica: 160), Acknowledging(210));

        Assert.Equal(SemiSyncRestoreAction.Wait, Step(restore, Cluster(primary: 220, replica: 209), Acknowledging(220)).Action);
        Assert.Equal(SemiSyncRestoreAction.Clear, Step(restore, Cluster(primary: 230, replica: 210), Acknowledging(230)).Action);
    }

    [Fact]
    public void Semi_sync_that_stops_acknowledging_starts_the_way_again()
    {
        var restore = new SemiSyncRestore();
        Step(restore, Cluster(primary: 200, replica: 200), Acknowledging(200));
        Step(restore, Cluster(primary: 210, replica: 210), Acknowledging(210));
        var fellBack = Acknowledging(220) with { SemiSyncMasterActive = false };

        Assert.Equal(SemiSyncRestoreAction.Wait, Step(restore, Cluster(primary: 220, replica: 220), fellBack).Action);
        Assert.Null(restore.ResyncPoint);
        Assert.Equal(SemiSyncRestoreAction.Wait, Step(restore, Cluster(primary: 230, replica: 230), Acknowledging(230)).Action);
    }

    [Fact]
    public void Semi_sync_on_with_no_replica_acknowledging_reconnects_the_replicas_every_few_checks()
    {
        var restore = new SemiSyncRestore();
        var primary = Degraded("0-1-100", enabled: true) with { SemiSyncMasterActive = true };
        var actions = Enumerable.Range(0, SemiSyncRestore.ReconnectEvery * 2)
            .Select(_ => Step(restore, [primary, Replica(2, "0-1-100")], primary).Action)
            .ToList();

        Assert.Equal(2, actions.Count(a => a == SemiSyncRestoreAction.Reconnect));
        Assert.DoesNotContain(SemiSyncRestoreAction.Clear, actions);
    }

    [Fact]
    public void Commits_waiting_with_none_acknowledged_do_not_count_as_acknowledging_and_get_the_replicas_reconnected()
    {
        // A replica that stayed connected through the switch off and on is counted as a client yet acknowledges nothing.
        var restore = new SemiSyncRestore();
        var waiting = Acknowledging(200) with { SemiSyncMaster = new SemiSyncMasterState(true, Clients: 1, WaitSessions: 4, Acknowledged: 50) };
        var actions = Enumerable.Range(0, SemiSyncRestore.ReconnectEvery)
            .Select(_ => Step(restore, [waiting, Replica(2, "0-1-200")], waiting, stalled: true).Action)
            .ToList();

        Assert.Null(restore.ResyncPoint);
        Assert.Equal(SemiSyncRestoreAction.Reconnect, actions[^1]);
        Assert.DoesNotContain(SemiSyncRestoreAction.Clear, actions);
    }

    [Fact]
    public void Semi_sync_fallen_back_for_good_gets_the_replicas_reconnected()
    {
        var restore = new SemiSyncRestore();
        var fellBack = Acknowledging(200) with { SemiSyncMasterActive = false };
        var actions = Enumerable.Range(0, SemiSyncRestore.ReconnectEvery)
            .Select(_ => Step(restore, [fellBack, Replica(2, "0-1-200")], fellBack).Action)
            .ToList();

        Assert.Equal(SemiSyncRestoreAction.Reconnect, actions[^1]);
    }

    /// <summary>
    /// One check, with the primary's commits stuck as the monitor would find them: by default from the primary's state
    /// alone (no replica connected); where the test says so, waiting with nothing acknowledged since the last check.
    /// </summary>
    private static SemiSyncRestoreStep Step(SemiSyncRestore restore, IReadOnlyList<NodeObservation> observations, NodeObservation primary, bool? stalled = null) =>
        restore.Next(observations, primary, stalled ?? primary.SemiSyncMaster.StalledSince(null));

    private static NodeObservation Degraded(string gtid, bool enabled) =>
        Primary(1, gtid) with { SemiSyncMaster = new SemiSyncMasterState(enabled, Clients: 0, WaitSessions: 0, Acknowledged: 0) };

    private static NodeObservation Acknowledging(int sequence) =>
        Primary(1, $"0-1-{sequence}") with { SemiSyncMasterActive = true, SemiSyncMaster = new SemiSyncMasterState(true, Clients: 1, WaitSessions: 0, Acknowledged: sequence) };

    private static IReadOnlyList<NodeObservation> Cluster(int primary, int replica) => [Acknowledging(primary), Replica(2, $"0-1-{replica}")];
}
