using Prometheus;

namespace WebInfra.App.DatabaseEndpoints;

/// <summary>What the database endpoints did: connections forwarded to each node, refused, and closed by a change of primary.</summary>
internal static class DatabaseEndpointMetrics
{
    public static readonly Counter Forwarded = Prometheus.Metrics.CreateCounter(
        "webinfra_db_endpoint_connections_total",
        "Connections the database endpoint forwarded, by endpoint (writer, reader) and the node they reached.",
        ["endpoint", "node"]);

    public static readonly Counter Refused = Prometheus.Metrics.CreateCounter(
        "webinfra_db_endpoint_refused_total",
        "Connections the database endpoint closed because no node could take them in time (no primary during a failover, every node down).",
        ["endpoint"]);

    public static readonly Counter Fenced = Prometheus.Metrics.CreateCounter(
        "webinfra_db_endpoint_fenced_total",
        "Writer connections closed because their node stopped being the primary.");
}
