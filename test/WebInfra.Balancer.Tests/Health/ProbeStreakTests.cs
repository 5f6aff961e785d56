using WebInfra.Balancer.Health;
using Yarp.ReverseProxy.Model;

namespace WebInfra.Balancer.Tests.Health;

public sealed class ProbeStreakTests
{
    private const int Rise = 2;
    private const int Fall = 3;

    [Fact]
    public void Healthy_destination_falls_only_after_fall_consecutive_failures()
    {
        var streak = new ProbeStreak();
        var health = DestinationHealth.Healthy;

        var seen = Enumerable.Range(0, Fall).Select(_ => health = streak.Record(false, health, Rise, Fall)).ToList();

        Assert.Equal([DestinationHealth.Healthy, DestinationHealth.Healthy, DestinationHealth.Unhealthy], seen);
    }

    [Fact]
    public void A_success_between_failures_restarts_the_count()
    {
        var streak = new ProbeStreak();
        var health = DestinationHealth.Healthy;

        foreach (var success in new[] { false, false, true, false, false })
        {
            health = streak.Record(success, health, Rise, Fall);
        }

        Assert.Equal(DestinationHealth.Healthy, health);
    }

    [Fact]
    public void Unhealthy_destination_rises_only_after_rise_consecutive_successes()
    {
        var streak = new ProbeStreak();
        var health = DestinationHealth.Unhealthy;

        var first = health = streak.Record(true, health, Rise, Fall);
        var second = streak.Record(true, health, Rise, Fall);

        Assert.Equal(DestinationHealth.Unhealthy, first);
        Assert.Equal(DestinationHealth.Healthy, second);
    }

    [Fact]
    public void Flapping_destination_stays_out()
    {
        var streak = new ProbeStreak();
        var health = DestinationHealth.Unhealthy;

        foreach (var success in new[] { true, false, true, false, true })
        {
            health = streak.Record(success, health, Rise, Fall);
        }

        Assert.Equal(DestinationHealth.Unhealthy, health);
    }

    [Fact]
    public void Never_probed_destination_follows_its_first_success()
    {
        Assert.Equal(DestinationHealth.Healthy, new ProbeStreak().Record(true, DestinationHealth.Unknown, Rise, Fall));
    }

    [Fact]
    public void Never_probed_destination_stays_unknown_until_fall_failures()
    {
        var streak = new ProbeStreak();

        Assert.Equal(DestinationHealth.Unknown, streak.Record(false, DestinationHealth.Unknown, Rise, Fall));
        Assert.Equal(DestinationHealth.Unknown, streak.Record(false, DestinationHealth.Unknown, Rise, Fall));
        Assert.Equal(DestinationHealth.Unhealthy, streak.Record(false, DestinationHealth.Unknown, Rise, Fall));
    }

    [Fact]
    public void Error_limit_failed_requests_in_a_row_take_the_destination_out()
    {
        var streak = new ProbeStreak();

        Assert.Equal([false, false, true], Enumerable.Range(0, 3).Select(_ => streak.RecordRequestFailure(errorLimit: 3, Fall)));
    }

    [Fact]
    public void A_request_that_succeeds_restarts_the_error_count()
    {
        var streak = new ProbeStreak();

        streak.RecordRequestFailure(errorLimit: 2, Fall);
        streak.RecordRequestSuccess();

        Assert.False(streak.RecordRequestFailure(errorLimit: 2, Fall));
    }

    [Fact]
    public void Destination_taken_out_by_requests_needs_rise_good_probes_to_come_back()
    {
        var streak = new ProbeStreak();
        streak.Record(true, DestinationHealth.Healthy, Rise, Fall);

        Assert.True(streak.RecordRequestFailure(errorLimit: 1, Fall));
        var afterOne = streak.Record(true, DestinationHealth.Unhealthy, Rise, Fall);
        var afterTwo = streak.Record(true, afterOne, Rise, Fall);

        Assert.Equal((DestinationHealth.Unhealthy, DestinationHealth.Healthy), (afterOne, afterTwo));
    }
}
