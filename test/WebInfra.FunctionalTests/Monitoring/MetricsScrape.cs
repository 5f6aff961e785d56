using WebInfra.Monitoring.Metrics;

namespace WebInfra.FunctionalTests.Monitoring;

/// <summary>
/// One scrape of a component's <c>/metrics</c>, read with the dashboard's own strict parser of Prometheus' text
/// format, so a scrape that parses here parses for the dashboard too.
/// </summary>
internal sealed class MetricsScrape
{
    private readonly MetricSet _metrics;

    private MetricsScrape(MetricSet metrics) => _metrics = metrics;

    public static MetricsScrape Parse(string text) => new(MetricSet.Parse(text));

    /// <summary>The value of the series with exactly these labels, or null when the component does not export it.</summary>
    public double? Find(string name, params (string Name, string Value)[] labels) =>
        _metrics.Series(name)
            .Where(s => s.Labels.Count == labels.Length && labels.All(l => s.Label(l.Name) == l.Value))
            .Select(s => (double?)s.Value)
            .FirstOrDefault();

    /// <summary>The series' value, 0 when the component has not exported it yet (a counter that never moved).</summary>
    public double Value(string name, params (string Name, string Value)[] labels) => Find(name, labels) ?? 0;

    /// <summary>The sum of the series of <paramref name="name"/> that <paramref name="where"/> keeps.</summary>
    public double Sum(string name, Func<MetricSample, bool> where) => _metrics.Sum(name, where);
}
