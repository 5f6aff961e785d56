using Microsoft.AspNetCore.Http.Features;

namespace WebInfra.Web.StaticFiles;

/// <summary>
/// The server's own response body, kept aside before a body that may compress the response is put in front of it.
/// <see cref="CachedFileBody"/> writes a held file straight into it when that body in front adds no
/// <c>Content-Encoding</c> (a file sent as it is: an image, a small file, a precompressed variant, a range), as it
/// does with no compression at all, rather than through the compressing body's stream and its extra copy.
/// </summary>
/// <param name="Server">The body feature the server installed.</param>
internal sealed record ServerResponseBody(IHttpResponseBodyFeature Server);
