using Prometheus;

namespace WebInfra.Hosting.AccessLogs;

/// <summary>The access log's own series on the admin listener's <c>/metrics</c>.</summary>
internal static class AccessLogMetrics
{
    public static Counter Dropped { get; } = Prometheus.Metrics.CreateCounter(
        "webinfra_access_log_dropped_total",
        "Access log lines dropped because the writer's buffer was full (the disk could not keep up); the requests themselves were served.");
}
