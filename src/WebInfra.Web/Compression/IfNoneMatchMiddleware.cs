using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace WebInfra.Web.Compression;

/// <summary>
/// Makes <c>If-None-Match</c> compare weakly, as RFC 9110 (13.1.2) requires: a client revalidating a compressed body
/// sends its weak ETag (<c>W/"x"</c>), and the static-file middleware, which compares strongly, would answer it with the
/// whole file again instead of a 304. Each weak tag is passed on as its strong form, which under a weak comparison
/// is the same tag; behind the web server, the application server sees the same request.
/// </summary>
internal sealed class IfNoneMatchMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var headers = context.Request.Headers;
        var ifNoneMatch = headers.IfNoneMatch;
        if (ifNoneMatch.Count > 0 && EntityTagHeaderValue.TryParseList(ifNoneMatch, out var tags) && tags.Any(t => t.IsWeak))
        {
            headers.IfNoneMatch = string.Join(", ", tags.Select(t => t.IsWeak ? new EntityTagHeaderValue(t.Tag).ToString() : t.ToString()));
        }

        return next(context);
    }
}
