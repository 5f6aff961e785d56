using System.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace WebInfra.Hosting.Metrics;

/// <summary>
/// Counts every request of the public listener by class and status code and records its latency. It reads the
/// class from the endpoint once the request is done, so it works whether routing runs before or after it.
/// </summary>
internal sealed class RequestMetricsMiddleware(RequestDelegate next, RequestClass unrouted)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
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
            requestClass.Requests(statusCode).Inc();
            requestClass.Duration.Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }
}
