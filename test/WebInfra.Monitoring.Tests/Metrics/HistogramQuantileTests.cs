using WebInfra.Monitoring.Metrics;

namespace WebInfra.Monitoring.Tests.Metrics;

public sealed class HistogramQuantileTests
{
    private static readonly HistogramBucket[] s_buckets =
    [
        new(0.001, 10),
        new(0.005, 50),
        new(0.01, 90),
        new(0.1, 100),
        new(double.PositiveInfinity, 100),
    ];

    [Fact]
    public void Median_is_interpolated_linearly_inside_its_bucket()
    {
        // Rank 50 is the last of the 40 observations in (0.001, 0.005].
        Assert.Equal(0.005, HistogramQuantile.Estimate(0.5, s_buckets)!.Value, 12);

        // Rank 30 is half way through that bucket.
        Assert.Equal(0.003, HistogramQuantile.Estimate(0.3, s_buckets)!.Value, 12);
    }

    [Fact]
    public void The_first_bucket_starts_at_zero()
    {
        Assert.Equal(0.0005, HistogramQuantile.Estimate(0.05, s_buckets)!.Value, 12);
    }

    [Fact]
    public void P99_falls_in_the_bucket_holding_the_99th_observation()
    {
        // Rank 99: 9 of the 10 observations in (0.01, 0.1].
        Assert.Equal(0.01 + (0.09 * 0.9), HistogramQuantile.Estimate(0.99, s_buckets)!.Value, 12);
    }

    [Fact]
    public void A_rank_in_the_infinite_bucket_answers_the_highest_finite_bound()
    {
        HistogramBucket[] slow = [new(0.1, 1), new(1, 2), new(double.PositiveInfinity, 10)];

        Assert.Equal(1, HistogramQuantile.Estimate(0.99, slow));
    }

    [Fact]
    public void No_observation_or_no_infinite_bucket_gives_no_quantile()
    {
        Assert.Null(HistogramQuantile.Estimate(0.5, [new(0.1, 0), new(double.PositiveInfinity, 0)]));
        Assert.Null(HistogramQuantile.Estimate(0.5, [new(0.1, 3), new(1, 5)]));
        Assert.Null(HistogramQuantile.Estimate(0.5, []));
    }

    [Fact]
    public void Increase_is_taken_bucket_by_bucket()
    {
        HistogramBucket[] before = [new(0.01, 5), new(0.1, 8), new(double.PositiveInfinity, 8)];
        HistogramBucket[] now = [new(0.01, 15), new(0.1, 20), new(double.PositiveInfinity, 21)];

        Assert.Equal([new(0.01, 10), new(0.1, 12), new(double.PositiveInfinity, 13)], HistogramQuantile.Increase(before, now));
    }

    [Fact]
    public void Increase_after_a_restart_counts_everything_the_new_process_saw()
    {
        HistogramBucket[] before = [new(0.01, 500), new(double.PositiveInfinity, 600)];
        HistogramBucket[] now = [new(0.01, 2), new(double.PositiveInfinity, 3)];

        Assert.Equal(now, HistogramQuantile.Increase(before, now));
    }
}
