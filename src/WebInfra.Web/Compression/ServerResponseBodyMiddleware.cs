using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using WebInfra.Web.StaticFiles;

namespace WebInfra.Web.Compression;

/// <summary>
/// Keeps the server's response body aside (<see cref="ServerResponseBody"/>) for a request that names a coding, just
/// before the compression middleware puts its own body in front; a request that names none is not wrapped at all.
/// </summary>
internal sealed class ServerResponseBodyMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Headers.AcceptEncoding.Count > 0)
        {
            context.Features.Set(new ServerResponseBody(context.Features.GetRequiredFeature<IHttpResponseBodyFeature>()));
        }

        return next(context);
    }
}
