namespace WebInfra.Monitoring.Metrics;

/// <summary>The series and labels the dashboard reads from the components' <c>/metrics</c>; the components define them.</summary>
internal static class MetricNames
{
    /// <summary>Counter <c>{class,code}</c>: requests answered on a public listener.</summary>
    public const string HttpRequests = "webinfra_http_requests_total";

    /// <summary>Histogram <c>{class}</c>: request latency in seconds.</summary>
    public const string HttpRequestDuration = "webinfra_http_request_duration_seconds";

    /// <summary>Counter <c>{backend,member}</c>: requests a balancer or web server forwarded to each member.</summary>
    public const string BackendRequests = "webinfra_backend_requests_total";

    /// <summary>Counter <c>{node,role}</c>: queries an application server sent to each database node.</summary>
    public const string AppQueries = "webinfra_app_queries_total";

    /// <summary>Gauge <c>{vip}</c>: a balancer's server's keepalived state for the VIP (<see cref="Hosting.Vrrp.VrrpState"/>'s values).</summary>
    public const string VrrpState = "webinfra_vrrp_state";

    /// <summary>Counter <c>{vip}</c>: times a balancer's server took the VIP.</summary>
    public const string VrrpTakeovers = "webinfra_vrrp_takeovers_total";

    /// <summary>The VIP label, a VIP's name.</summary>
    public const string Vip = "vip";

    /// <summary>The request class label; its value <see cref="HealthClass"/> marks the health probes.</summary>
    public const string Class = "class";

    /// <summary>The class of <c>/healthz</c> probes, left out of the site's traffic.</summary>
    public const string HealthClass = "health";

    /// <summary>The status code label.</summary>
    public const string Code = "code";

    /// <summary>The backend member label, a component name.</summary>
    public const string Member = "member";

    /// <summary>The database node label, a component name.</summary>
    public const string Node = "node";

    /// <summary>A histogram bucket's upper bound.</summary>
    public const string BucketBound = "le";
}
