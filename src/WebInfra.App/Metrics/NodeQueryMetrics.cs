using Prometheus;

namespace WebInfra.App.Metrics;

/// <summary>
/// The queries the app sends to one database node, by the role it used the node in for each, and those that failed
/// there, so that reads that all land on the primary, or a node that keeps failing, show per node on a dashboard.
/// The series are made once per node, so counting a query is one atomic add.
/// </summary>
internal sealed class NodeQueryMetrics
{
    private static readonly Counter s_queries = Prometheus.Metrics.CreateCounter(
        "webinfra_app_queries_total",
        "Queries the application sent to each database node (a write with its read-back, or a read with its read-your-writes wait), by the role the node had for it: primary or replica.",
        ["node", "role"]);

    private static readonly Counter s_errors = Prometheus.Metrics.CreateCounter(
        "webinfra_app_query_errors_total",
        "Queries that failed on a database node: it could not be reached, the connection broke, or it refused the query (such as a write to a read-only node).",
        ["node"]);

    private readonly Counter.Child _onPrimary;
    private readonly Counter.Child _onReplica;
    private readonly Counter.Child _errors;

    /// <param name="node">The node's name in the topology, such as <c>server-2/db</c>.</param>
    public NodeQueryMetrics(string node)
    {
        Node = node;
        _onPrimary = s_queries.WithLabels(node, "primary");
        _onReplica = s_queries.WithLabels(node, "replica");
        _errors = s_errors.WithLabels(node);
    }

    /// <summary>A query goes to the node, used as a replica or as the primary.</summary>
    /// <summary>The node's name in the topology (<c>server-2/db</c>), the label of its series.</summary>
    public string Node { get; }

    public void Sent(bool onReplica) => (onReplica ? _onReplica : _onPrimary).Inc();

    /// <summary>The query failed on the node.</summary>
    public void Failed() => _errors.Inc();
}
