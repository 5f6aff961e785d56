using WebInfra.Database.Monitoring;

namespace WebInfra.Database.Tests.Monitoring;

/// <summary>When the primary's commits count as stuck: what makes the leading monitor degrade it after <c>fall</c> checks.</summary>
public sealed class SemiSyncMasterStateTests
{
    [Fact]
    public void No_replica_connected_is_stuck()
    {
        Assert.True(new SemiSyncMasterState(Enabled: true, Clients: 0, WaitSessions: 0, Acknowledged: 10).StalledSince(null));
    }

    [Fact]
    public void Commits_waiting_with_nothing_acknowledged_since_the_last_check_are_stuck()
    {
        var before = new SemiSyncMasterState(true, 1, 2, 10);

        Assert.True(new SemiSyncMasterState(true, 1, 3, 10).StalledSince(before));
        Assert.False(new SemiSyncMasterState(true, 1, 3, 11).StalledSince(before));
        Assert.False(new SemiSyncMasterState(true, 1, 3, 10).StalledSince(null));
    }

    [Fact]
    public void Idle_or_asynchronous_primaries_are_not_stuck()
    {
        var before = new SemiSyncMasterState(true, 1, 0, 10);

        Assert.False(new SemiSyncMasterState(true, 1, 0, 10).StalledSince(before));
        Assert.False(new SemiSyncMasterState(Enabled: false, 0, 0, 10).StalledSince(before));
    }
}
