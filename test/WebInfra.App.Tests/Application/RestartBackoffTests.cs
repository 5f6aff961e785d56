using WebInfra.App.Application;

namespace WebInfra.App.Tests.Application;

public sealed class RestartBackoffTests
{
    [Fact]
    public void Delays_double_from_one_second_up_to_thirty()
    {
        var backoff = new RestartBackoff();

        var delays = Enumerable.Range(0, 8).Select(_ => backoff.Next(TimeSpan.FromSeconds(1), served: false).TotalSeconds).ToList();

        Assert.Equal([1, 2, 4, 8, 16, 30, 30, 30], delays);
    }

    [Fact]
    public void A_run_that_served_for_thirty_seconds_starts_the_delays_over()
    {
        var backoff = new RestartBackoff();
        backoff.Next(TimeSpan.FromSeconds(1), served: false);
        backoff.Next(TimeSpan.FromSeconds(1), served: false);

        Assert.Equal(TimeSpan.FromSeconds(1), backoff.Next(RestartBackoff.ResetAfter, served: true));
        Assert.Equal(TimeSpan.FromSeconds(2), backoff.Next(TimeSpan.FromSeconds(1), served: true));
    }

    [Fact]
    public void A_long_run_that_never_served_does_not_start_the_delays_over()
    {
        var backoff = new RestartBackoff();
        backoff.Next(TimeSpan.FromSeconds(1), served: false);

        Assert.Equal(TimeSpan.FromSeconds(2), backoff.Next(TimeSpan.FromMinutes(5), served: false));
    }
}
