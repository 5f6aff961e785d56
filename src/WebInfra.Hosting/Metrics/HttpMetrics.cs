using Prometheus;

namespace WebInfra.Hosting.Metrics;

/// <summary>The HTTP metrics every component exports on its admin listener's <c>/metrics</c>.</summary>
internal static class HttpMetrics
{
    /// <summary>Latency buckets from half a millisecond (a cached file) to ten seconds (a request about to time out).</summary>
    private static readonly double[] s_durationBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    public static Counter Requests { get; } = Prometheus.Metrics.CreateCounter(
        "webinfra_http_requests_total",
        "Requests answered on the public listener, by request class and status code.",
        ["class", "code"]);

    public static Histogram RequestDuration { get; } = Prometheus.Metrics.CreateHistogram(
        "webinfra_http_request_duration_seconds",
        "Time from the request reaching the component to its response being written, by request class.",
        new HistogramConfiguration { LabelNames = ["class"], Buckets = s_durationBuckets });

    public static Gauge ConnectionsOpen { get; } = Prometheus.Metrics.CreateGauge(
        "webinfra_connections_open",
        "Client connections open on the public listener.");

    public static Counter ConnectionsAccepted { get; } = Prometheus.Metrics.CreateCounter(
        "webinfra_connections_accepted_total",
        "Client connections accepted on the public listener.");
}
