namespace WebInfra.Topology.Model;

/// <summary>How a balancer or web server writes its access log, one line per request (<c>site.access_log.format</c>).</summary>
public enum AccessLogFormat
{
    /// <summary>
    /// nginx's <c>combined</c> line, followed by the member that answered, its status, the request time and the upstream
    /// response time as <c>key=value</c> fields: read by every tool that reads nginx's or Apache's logs.
    /// </summary>
    Combined,

    /// <summary>One JSON object per line with the same fields, named after nginx's variables (<c>remote_addr</c>, <c>status</c>…).</summary>
    Json,
}
