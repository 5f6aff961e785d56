namespace WebInfra.Monitoring.Metrics;

/// <summary>One line of a Prometheus text exposition: a series (name and labels) and its value at the scrape.</summary>
/// <param name="Name">The metric name, such as <c>webinfra_http_requests_total</c>.</param>
/// <param name="Labels">The label pairs, in the order the line writes them.</param>
/// <param name="Value">The value; <c>+Inf</c>, <c>-Inf</c> and <c>NaN</c> included.</param>
internal sealed record MetricSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    /// <summary>The value of label <paramref name="name"/>, or null when the series has no such label.</summary>
    public string? Label(string name) => Labels.GetValueOrDefault(name);
}
