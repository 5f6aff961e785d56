using WebInfra.Monitoring.Dashboard;

namespace WebInfra.Monitoring.Tests.Dashboard;

public sealed class DashboardStateTests
{
    private readonly SiteRounds _site = new();
    private readonly DashboardState _state;

    public DashboardStateTests() => _state = new DashboardState(SiteRounds.Topology, TimeSpan.FromSeconds(1), _site.Time);

    [Fact]
    public void Before_the_first_round_every_component_is_unknown_and_nothing_happened()
    {
        var snapshot = _state.Full();

        Assert.Equal("www.foobar.com", snapshot.Site);
        Assert.All(snapshot.Components, c => Assert.Equal(ComponentStates.Unknown, c.State));
        Assert.Empty(snapshot.Events);
        Assert.Empty(snapshot.History!);
    }

    [Fact]
    public void Charts_keep_five_minutes_and_the_log_keeps_the_last_200_events()
    {
        for (var second = 0; second <= 600; second++)
        {
            // server-1/app goes down and up every round: one event per round after the first.
            if (second % 2 == 1)
            {
                _site.Down["server-1/app"] = "connection refused";
            }
            else
            {
                _site.Down.Clear();
            }

            _state.Record(_site.Round());
            _site.Time.Advance(TimeSpan.FromSeconds(1));
        }

        var snapshot = _state.Full();

        Assert.Equal(301, snapshot.History!.Count);
        Assert.Equal(TimeSpan.FromMinutes(5), snapshot.History[^1].At - snapshot.History[0].At);
        Assert.Equal(DashboardState.EventLimit, snapshot.Events.Count);
        Assert.Equal(601, snapshot.Events[^1].Sequence);
        Assert.Equal(402, snapshot.Events[0].Sequence);
    }

    [Fact]
    public void A_stream_gets_only_the_events_after_the_last_it_sent_and_no_history()
    {
        _state.Record(_site.Round());
        var first = _state.Full();
        _site.Time.Advance(TimeSpan.FromSeconds(1));
        _site.Down["server-2/web"] = "connection refused";
        _state.Record(_site.Round());

        var next = _state.Since(first.Events[^1].Sequence);

        Assert.Null(next.History);
        Assert.Equal(DashboardEventKinds.ComponentDown, Assert.Single(next.Events).Kind);
        Assert.Equal(ComponentStates.Down, next.Components.Single(c => c.Name == "server-2/web").State);
    }

    [Fact]
    public async Task Waiting_for_the_next_round_ends_when_one_is_recorded()
    {
        var next = _state.NextRoundAsync(CancellationToken.None);
        Assert.False(next.IsCompleted);

        _state.Record(_site.Round());

        await next.WaitAsync(TimeSpan.FromSeconds(5));
    }
}
