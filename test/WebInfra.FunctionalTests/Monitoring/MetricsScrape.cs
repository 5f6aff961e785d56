using System.Globalization;

namespace WebInfra.FunctionalTests.Monitoring;

/// <summary>
/// One scrape of a component's <c>/metrics</c> in Prometheus' text format: every series by its name and labels, as
/// printed (<c>name{label="value",...}</c>, labels in the metric's own order).
/// </summary>
internal sealed class MetricsScrape
{
    private readonly Dictionary<string, double> _series;

    private MetricsScrape(Dictionary<string, double> series) => _series = series;

    public static MetricsScrape Parse(string text)
    {
        var series = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith('#'))
            {
                continue;
            }

            var space = line.LastIndexOf(' ');
            series[line[..space]] = double.Parse(line[(space + 1)..], CultureInfo.InvariantCulture);
        }

        return new MetricsScrape(series);
    }

    /// <summary>The series' value, or null when the component does not export it.</summary>
    public double? Find(string name, params (string Name, string Value)[] labels) =>
        _series.TryGetValue(Key(name, labels), out var value) ? value : null;

    /// <summary>The series' value, 0 when the component has not exported it yet (a counter that never moved).</summary>
    public double Value(string name, params (string Name, string Value)[] labels) => Find(name, labels) ?? 0;

    private static string Key(string name, (string Name, string Value)[] labels) =>
        labels.Length == 0 ? name : $"{name}{{{string.Join(',', labels.Select(l => $"{l.Name}=\"{l.Value}\""))}}}";
}
