namespace WebInfra.Monitoring.Metrics;

/// <summary>One scrape of a component's <c>/metrics</c>, indexed by metric name for the few sums the dashboard takes.</summary>
internal sealed class MetricSet
{
    private readonly ILookup<string, MetricSample> _byName;

    public MetricSet(IEnumerable<MetricSample> samples) => _byName = samples.ToLookup(s => s.Name, StringComparer.Ordinal);

    /// <summary>Reads a scrape in the text format.</summary>
    /// <exception cref="FormatException">The text is not well-formed.</exception>
    public static MetricSet Parse(string text) => new(PrometheusTextParser.Parse(text));

    /// <summary>Every series of the metric <paramref name="name"/>; none when the component has not created it yet.</summary>
    public IEnumerable<MetricSample> Series(string name) => _byName[name];

    /// <summary>The sum of the series of <paramref name="name"/> that <paramref name="where"/> keeps (all by default).</summary>
    public double Sum(string name, Func<MetricSample, bool>? where = null) =>
        Series(name).Where(s => where is null || where(s)).Sum(s => s.Value);

    /// <summary>
    /// The cumulative buckets of the histogram <paramref name="name"/> (its <c>_bucket</c> series), summed over the series
    /// <paramref name="where"/> keeps, in ascending order of their upper bound.
    /// </summary>
    public IReadOnlyList<HistogramBucket> Buckets(string name, Func<MetricSample, bool>? where = null) =>
        [.. Series(name + "_bucket")
            .Where(s => where is null || where(s))
            .Select(s => (Sample: s, Bound: PrometheusTextParser.TryParseValue(s.Label(MetricNames.BucketBound) ?? string.Empty, out var bound) ? bound : double.NaN))
            .Where(b => !double.IsNaN(b.Bound))
            .GroupBy(b => b.Bound)
            .OrderBy(g => g.Key)
            .Select(g => new HistogramBucket(g.Key, g.Sum(b => b.Sample.Value)))];
}
