using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace WebInfra.Hosting.Security;

/// <summary>
/// Refuses a request that carries both <c>Transfer-Encoding</c> and <c>Content-Length</c> (RFC 9112 §6.3: "ought to be
/// handled as an error"), the classic request-smuggling form, instead of forwarding it. Kestrel frames such a request
/// by its chunks and moves the Content-Length aside to <c>X-Content-Length</c>, which is how it is recognised here; the
/// connection is closed after the 400 because the client and this server may disagree on where the next request starts.
/// Kestrel itself refuses the other forms (duplicate Content-Length values that differ, invalid chunk framing).
/// </summary>
internal sealed class AmbiguousFramingMiddleware(RequestDelegate next)
{
    /// <summary>Where Kestrel puts the Content-Length of a request that also has Transfer-Encoding.</summary>
    private const string SetAsideContentLength = "X-Content-Length";

    public Task InvokeAsync(HttpContext context)
    {
        var headers = context.Request.Headers;
        if (headers.ContainsKey(HeaderNames.TransferEncoding) && (headers.ContainsKey(SetAsideContentLength) || headers.ContentLength is not null))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            context.Response.Headers.Connection = "close";
            context.Response.ContentType = "text/plain; charset=utf-8";
            return context.Response.WriteAsync("bad request: both Transfer-Encoding and Content-Length are set, so the body's length is ambiguous\n");
        }

        return next(context);
    }
}
