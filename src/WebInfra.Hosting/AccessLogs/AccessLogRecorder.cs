using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace WebInfra.Hosting.AccessLogs;

/// <summary>
/// Takes each request of the public listener into the access log, for the middleware that observes every request once
/// (<see cref="Metrics.RequestMetricsMiddleware"/>): on the request path it only counts the body bytes and, once the
/// response is done, queues what the line needs (<see cref="AccessLogWriter.TryWrite"/>); the forwarder adds the
/// members it tried to the request's <see cref="UpstreamAttempts"/>.
/// </summary>
internal sealed class AccessLogRecorder(AccessLogWriter writer)
{
    /// <summary>Puts the byte counter in front of the response body and an empty list of upstream attempts on the request.</summary>
    public static CountingResponseBody Begin(HttpContext context, out UpstreamAttempts upstream)
    {
        var features = context.Features;
        var body = new CountingResponseBody(features.GetRequiredFeature<IHttpResponseBodyFeature>());
        features.Set<IHttpResponseBodyFeature>(body);
        upstream = new UpstreamAttempts();
        features.Set(upstream);
        return body;
    }

    /// <summary>Queues the request's line; <paramref name="statusCode"/> is the status the client got.</summary>
    public void End(HttpContext context, CountingResponseBody body, UpstreamAttempts upstream, int statusCode, TimeSpan elapsed)
    {
        var request = context.Request;
        var headers = request.Headers;
        writer.TryWrite(new AccessLogEntry(
            DateTime.UtcNow,
            context.Connection.RemoteIpAddress,
            request.Method,
            context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget,
            request.Protocol,
            statusCode,
            body.Bytes,
            headers.Referer.ToString(),
            headers.UserAgent.ToString(),
            upstream,
            elapsed));
    }
}
