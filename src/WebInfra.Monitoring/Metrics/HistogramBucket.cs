namespace WebInfra.Monitoring.Metrics;

/// <summary>One bucket of a Prometheus histogram: how many observations were at most <paramref name="UpperBound"/> (cumulative).</summary>
/// <param name="UpperBound">The bucket's <c>le</c>; the last bucket's is +Inf.</param>
/// <param name="Count">Observations less than or equal to the bound.</param>
internal readonly record struct HistogramBucket(double UpperBound, double Count);
