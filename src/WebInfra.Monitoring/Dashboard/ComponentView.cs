namespace WebInfra.Monitoring.Dashboard;

/// <summary>One box of the topology picture: a component, its health and its traffic over the last interval.</summary>
/// <param name="Name">The component, <c>server/kind</c>.</param>
/// <param name="Server">The server it runs on.</param>
/// <param name="Kind">Its tier: <c>balancer</c>, <c>web</c>, <c>app</c>, <c>db</c> or <c>monitor</c>.</param>
/// <param name="Address">Its public address and port.</param>
/// <param name="State">One of <see cref="ComponentStates"/>.</param>
/// <param name="Detail">A short reason or role, such as <c>connection refused</c> or <c>primary</c>.</param>
/// <param name="Rps">Requests per second answered (health probes left out); null without two readings.</param>
/// <param name="ErrorsPerSecond">Of those, answered with a 5xx status.</param>
/// <param name="P50Ms">Median latency in milliseconds over the interval; null with no request.</param>
/// <param name="P99Ms">99th percentile latency in milliseconds over the interval.</param>
internal sealed record ComponentView(
    string Name,
    string Server,
    string Kind,
    string Address,
    string State,
    string? Detail,
    double? Rps,
    double? ErrorsPerSecond,
    double? P50Ms,
    double? P99Ms);
