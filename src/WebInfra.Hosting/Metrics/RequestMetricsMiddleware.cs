using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using WebInfra.Hosting.AccessLogs;

namespace WebInfra.Hosting.Metrics;

/// <summary>
/// Observes every request of the public listener once, when it is done: counts it by class and status code, records
/// its latency, and, when the component keeps an access log, hands it to <paramref name="accessLog"/>. It reads the
/// class from the endpoint once the request is done, so it works whether routing runs before or after it. Health
/// probes (<c>/healthz</c>) stay out of the access log, as HAProxy leaves its checks out of its log: they would drown
/// the site's requests.
/// </summary>
internal sealed class RequestMetricsMiddleware(RequestDelegate next, RequestClass unrouted, AccessLogRecorder? accessLog = null)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        UpstreamAttempts? upstream = null;
        var body = accessLog is null ? null : AccessLogRecorder.Begin(context, out upstream);
        var failed = false;
        try
        {
            await next(context);
        }
        catch
        {
            failed = true;
            throw;
        }
        finally
        {
            var requestClass = context.GetEndpoint()?.Metadata.GetMetadata<RequestClass>() ?? unrouted;

            // An exception that escapes the pipeline becomes a 500 unless the response had already started.
            var statusCode = failed && !context.Response.HasStarted ? StatusCodes.Status500InternalServerError : context.Response.StatusCode;
            var elapsed = Stopwatch.GetElapsedTime(started);
            requestClass.Requests(statusCode).Inc();
            requestClass.Duration.Observe(elapsed.TotalSeconds);
            if (body is not null && requestClass != RequestClass.Health)
            {
                accessLog!.End(context, body, upstream!, statusCode, elapsed);
            }
        }
    }
}
