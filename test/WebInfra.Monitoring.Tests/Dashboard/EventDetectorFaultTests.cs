using WebInfra.Monitoring.Dashboard;
using WebInfra.Topology.Faults;

namespace WebInfra.Monitoring.Tests.Dashboard;

public sealed class EventDetectorFaultTests
{
    private static readonly DateTimeOffset s_at = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static DashboardFrame Frame(SiteFaults? faults) => new(s_at, [], [], null, faults);

    [Fact]
    public void A_partition_set_and_healed_and_a_slow_link_set_changed_and_ended_are_each_one_event()
    {
        var partition = new Partition("lb-01", "server-1", OneWay: false);
        var slow = new SlowLink("server-1", TimeSpan.FromMilliseconds(200), TimeSpan.Zero, 0);

        var set = EventDetector.Detect(Frame(SiteFaults.None), Frame(new SiteFaults([partition], [slow])));
        var same = EventDetector.Detect(Frame(new SiteFaults([partition], [slow])), Frame(new SiteFaults([partition], [slow])));
        var changed = EventDetector.Detect(Frame(new SiteFaults([partition], [slow])), Frame(new SiteFaults([partition], [slow with { LossPercent = 1 }])));
        var ended = EventDetector.Detect(Frame(new SiteFaults([partition], [slow])), Frame(SiteFaults.None));

        Assert.Equal(
            [("warning", DashboardEventKinds.Partition, "network partition: lb-01 ⇹ server-1"), ("warning", DashboardEventKinds.Slow, "slow link: server-1: delay 200ms")],
            set.Select(e => (e.Severity, e.Kind, e.Message)));
        Assert.Empty(same);
        Assert.Equal([(DashboardEventKinds.Slow, "slow link: server-1: delay 200ms, loss 1%")], changed.Select(e => (e.Kind, e.Message)));
        Assert.Equal(
            [(DashboardEventKinds.Heal, "partition healed: lb-01 ⇹ server-1"), (DashboardEventKinds.Heal, "server-1's link is fast again")],
            ended.Select(e => (e.Kind, e.Message)));
    }

    [Fact]
    public void Faults_not_read_in_a_round_are_no_change()
    {
        Assert.Empty(EventDetector.Detect(Frame(null), Frame(new SiteFaults([new Partition("a", "b", OneWay: true)], []))));
    }
}
