using WebInfra.Monitoring.Dashboard;

namespace WebInfra.Monitoring.Tests.Dashboard;

public sealed class EventDetectorTests
{
    private readonly SiteRounds _site = new();
    private DashboardFrame? _previous;

    [Fact]
    public void The_first_round_only_says_the_dashboard_started()
    {
        var started = Assert.Single(Next());

        Assert.Equal((DashboardEventKinds.Started, "watching 8 components"), (started.Kind, started.Message));
    }

    [Fact]
    public void A_killed_component_is_logged_once_when_it_goes_down_and_once_when_it_returns_at_the_rounds_time()
    {
        Next();
        _site.Time.Advance(TimeSpan.FromSeconds(1));
        _site.Down["server-1/web"] = "connection refused";

        var down = Assert.Single(Next());
        _site.Time.Advance(TimeSpan.FromSeconds(1));
        var stillDown = Next();
        _site.Time.Advance(TimeSpan.FromSeconds(1));
        _site.Down.Clear();
        var up = Assert.Single(Next());

        Assert.Equal(("critical", DashboardEventKinds.ComponentDown, "server-1/web", "server-1/web is down: connection refused"), (down.Severity, down.Kind, down.Subject, down.Message));
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 9, 0, 1, TimeSpan.Zero), down.At);
        Assert.Empty(stillDown);
        Assert.Equal((DashboardEventKinds.ComponentUp, "server-1/web is up"), (up.Kind, up.Message));
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 9, 0, 3, TimeSpan.Zero), up.At);
    }

    [Fact]
    public void A_member_ejected_and_restored_is_logged_with_the_forwarder_that_saw_it()
    {
        Next();
        _site.MemberStates[("lb-01/balancer", "server-2/web")] = "DOWN";
        var ejected = Assert.Single(Next());
        _site.MemberStates.Clear();
        var restored = Assert.Single(Next());

        Assert.Equal(("warning", DashboardEventKinds.MemberEjected, "server-2/web", "lb-01/balancer ejected server-2/web"), (ejected.Severity, ejected.Kind, ejected.Subject, ejected.Message));
        Assert.Equal((DashboardEventKinds.MemberRestored, "lb-01/balancer restored server-2/web"), (restored.Kind, restored.Message));
    }

    [Fact]
    public void Drain_and_undrain_are_logged_per_forwarder()
    {
        Next();
        _site.MemberStates[("server-1/web", "server-1/app")] = "DRAIN";
        _site.MemberStates[("server-2/web", "server-1/app")] = "DRAIN";
        var drained = Next();
        _site.MemberStates.Clear();
        var undrained = Next();

        Assert.Equal(["server-1/web drains server-1/app: no new requests", "server-2/web drains server-1/app: no new requests"], drained.Select(e => e.Message));
        Assert.All(undrained, e => Assert.Equal(DashboardEventKinds.MemberUndrained, e.Kind));
        Assert.Equal(2, undrained.Count);
    }

    [Fact]
    public void A_failover_is_logged_with_the_monitors_measured_time_and_the_role_changes()
    {
        Next();
        _site.Database = SiteRounds.Cluster(("server-1/db", "down", null), ("server-2/db", "replica", 0));
        _site.Database = _site.Database with { Primary = null };
        var primaryLost = Next();
        _site.Database = SiteRounds.Cluster(1, 1.07, ("server-1/db", "down", null), ("server-2/db", "primary", null));
        var failover = Next();

        Assert.Equal(
            [(DashboardEventKinds.ComponentDown, "server-1/db is down: connection refused"),
             (DashboardEventKinds.NoPrimary, "no writable primary: server-1/db is not writable"),
             (DashboardEventKinds.RoleChanged, "server-1/db: primary → down (connection refused)")],
            primaryLost.Select(e => (e.Kind, e.Message)));
        Assert.Equal(
            [(DashboardEventKinds.Failover, "failover: server-2/db promoted in 1.07 s (the primary was none)"),
             (DashboardEventKinds.RoleChanged, "server-2/db: replica → primary")],
            failover.Select(e => (e.Kind, e.Message)));
    }

    [Fact]
    public void A_new_primary_without_a_failover_is_a_switchover()
    {
        Next();
        _site.Database = SiteRounds.Cluster(("server-1/db", "replica", 0), ("server-2/db", "primary", null));

        var events = Next();

        Assert.Equal(("warning", DashboardEventKinds.Switchover, "server-2/db is the primary (was server-1/db)"), (events[0].Severity, events[0].Kind, events[0].Message));
        Assert.Equal(3, events.Count);
    }

    private IReadOnlyList<DashboardEvent> Next()
    {
        var frame = _site.Builder.Build(null, _site.Round());
        var events = EventDetector.Detect(_previous, frame);
        _previous = frame;
        return events;
    }
}
