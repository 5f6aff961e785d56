using WebInfra.Monitoring.Metrics;

namespace WebInfra.Monitoring.Tests.Metrics;

public sealed class CounterRateTests
{
    [Fact]
    public void Rate_is_the_increase_divided_by_the_time_between_readings()
    {
        Assert.Equal(40, CounterRate.PerSecond(100, 120, TimeSpan.FromMilliseconds(500)));
    }

    [Fact]
    public void A_counter_that_went_down_was_reset_and_all_of_its_value_is_new()
    {
        Assert.Equal(7, CounterRate.PerSecond(1_000, 7, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void No_rate_without_two_readings_or_without_elapsed_time()
    {
        Assert.Null(CounterRate.PerSecond(null, 5, TimeSpan.FromSeconds(1)));
        Assert.Null(CounterRate.PerSecond(5, null, TimeSpan.FromSeconds(1)));
        Assert.Null(CounterRate.PerSecond(5, 6, TimeSpan.Zero));
    }
}
