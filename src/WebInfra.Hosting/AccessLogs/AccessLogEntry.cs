using System.Net;

namespace WebInfra.Hosting.AccessLogs;

/// <summary>
/// What the access log keeps of one request: references to strings the request already holds, taken on the request
/// path; the line is formatted later, on the writer's thread.
/// </summary>
/// <param name="Time">When the response was done (UTC), nginx's <c>$time_local</c>.</param>
/// <param name="RemoteAddress">The TCP peer, nginx's <c>$remote_addr</c>.</param>
/// <param name="Method">The request method.</param>
/// <param name="Target">The request target exactly as the client sent it, undecoded.</param>
/// <param name="Protocol">The protocol (<c>HTTP/1.1</c>).</param>
/// <param name="Status">The status sent to the client.</param>
/// <param name="BodyBytes">Bytes of response body written, nginx's <c>$body_bytes_sent</c>.</param>
/// <param name="Referer">The <c>Referer</c> header, or null.</param>
/// <param name="UserAgent">The <c>User-Agent</c> header, or null.</param>
/// <param name="Upstream">The members the request was sent to, or null.</param>
/// <param name="RequestTime">From the request reaching the pipeline to its response written, nginx's <c>$request_time</c>.</param>
internal readonly record struct AccessLogEntry(
    DateTime Time,
    IPAddress? RemoteAddress,
    string Method,
    string Target,
    string Protocol,
    int Status,
    long BodyBytes,
    string? Referer,
    string? UserAgent,
    UpstreamAttempts? Upstream,
    TimeSpan RequestTime)
{
    /// <summary>Roughly what the entry holds in memory, strings included, for the writer's memory bound.</summary>
    public int Weight => 128 + 2 * (Target.Length + (Referer?.Length ?? 0) + (UserAgent?.Length ?? 0));
}
