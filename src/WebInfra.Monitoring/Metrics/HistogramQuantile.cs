namespace WebInfra.Monitoring.Metrics;

/// <summary>
/// Quantiles from histogram buckets, computed as Prometheus' <c>histogram_quantile</c> does, so the dashboard's p50
/// and p99 agree with a Prometheus server scraping the same components: the rank is found in the cumulative counts and
/// the value interpolated linearly inside its bucket (the first bucket starts at 0); a rank in the +Inf bucket answers
/// the highest finite bound.
/// </summary>
internal static class HistogramQuantile
{
    /// <summary>The <paramref name="quantile"/> (0 to 1) of the observations, or null when there are none or the buckets are unusable.</summary>
    public static double? Estimate(double quantile, IReadOnlyList<HistogramBucket> buckets)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(quantile, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quantile, 1);
        ArgumentNullException.ThrowIfNull(buckets);
        if (buckets.Count < 2 || !double.IsPositiveInfinity(buckets[^1].UpperBound))
        {
            return null;
        }

        var observations = buckets[^1].Count;
        if (observations <= 0)
        {
            return null;
        }

        var rank = quantile * observations;
        var index = 0;
        while (index < buckets.Count - 1 && buckets[index].Count < rank)
        {
            index++;
        }

        if (index == buckets.Count - 1)
        {
            return buckets[^2].UpperBound;
        }

        var start = index == 0 ? 0 : buckets[index - 1].UpperBound;
        var below = index == 0 ? 0 : buckets[index - 1].Count;
        var inBucket = buckets[index].Count - below;
        return inBucket <= 0 ? buckets[index].UpperBound : start + ((buckets[index].UpperBound - start) * ((rank - below) / inBucket));
    }

    /// <summary>
    /// The observations between two scrapes of the same histogram, bucket by bucket: what <c>increase()</c> feeds
    /// <c>histogram_quantile</c>. A smaller total means the component restarted; then everything it counted is new.
    /// </summary>
    public static IReadOnlyList<HistogramBucket> Increase(IReadOnlyList<HistogramBucket> before, IReadOnlyList<HistogramBucket> now)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(now);
        if (before.Count == 0 || now.Count == 0 || now[^1].Count < before[^1].Count)
        {
            return now;
        }

        var earlier = before.ToDictionary(b => b.UpperBound, b => b.Count);
        return [.. now.Select(b => b with { Count = Math.Max(0, b.Count - earlier.GetValueOrDefault(b.UpperBound)) })];
    }
}
