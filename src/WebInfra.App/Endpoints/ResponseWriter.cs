using Microsoft.AspNetCore.Http;
using WebInfra.App.Storage;

namespace WebInfra.App.Endpoints;

/// <summary>
/// Runs an endpoint's work and writes its result, turning "the database cannot be reached" into 503 with
/// <c>Retry-After</c>. That is an outage the client should wait out, not a bug, so it must not surface as 500.
/// </summary>
internal static class ResponseWriter
{
    /// <summary>
    /// One second: the cluster is observed twice a second, so by then a new primary (after a failover) or a
    /// replica that is back is usually known.
    /// </summary>
    public const string RetryAfterSeconds = "1";

    public static async Task WriteAsync(HttpContext context, Task<IResult> work, Func<HttpContext, IResult> whenDatabaseUnavailable)
    {
        IResult result;
        try
        {
            result = await work;
        }
        catch (DatabaseUnavailableException)
        {
            // Logged by the cluster view when a node changed state; logging here would log every request of an outage.
            context.Response.Headers.RetryAfter = RetryAfterSeconds;
            result = whenDatabaseUnavailable(context);
        }

        await result.ExecuteAsync(context);
    }
}
