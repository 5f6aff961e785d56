using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using WebInfra.Topology.Model;

namespace WebInfra.Web.Compression;

/// <summary>
/// ASP.NET Core's choice of compression (the types, <c>Accept-Encoding</c> with its q-values, the first provider on a
/// tie, nothing already encoded, no <c>Content-Range</c>) with what nginx users also expect of <c>gzip on</c>:
/// <list type="bullet">
/// <item>nothing below <see cref="CompressionSettings.MinSize"/> (<c>gzip_min_length</c>), judged by <c>Content-Length</c>;</item>
/// <item>no partial response (206);</item>
/// <item><c>Vary: Accept-Encoding</c> on every response that could be compressed, also when this request did not ask
/// for it: a cache that stored the identity answer without it would hand it to every client;</item>
/// <item>a compressed body never carries the strong ETag of the identity one: it is weakened as the headers go out, as
/// nginx does, since a strong ETag promises the same bytes (ASP.NET Core's middleware leaves it as it is). The weak one
/// still revalidates (<see cref="IfNoneMatchMiddleware"/>).</item>
/// </list>
/// </summary>
internal sealed class SiteCompressionProvider(IServiceProvider services, IOptions<ResponseCompressionOptions> options, CompressionSettings settings)
    : IResponseCompressionProvider
{
    private readonly ResponseCompressionProvider _framework = new(services, options);

    /// <summary>
    /// Whether the request names any coding; the middleware leaves the response of one that does not alone (no body
    /// wrapped, no copy), and only the <c>Vary</c> a compressible response needs is added to it as it starts. A
    /// conditional request may be answered 304, with no body for the middleware to look at: it gets the <c>Vary</c>
    /// and the weak ETag the full response would have had.
    /// </summary>
    public bool CheckRequestAcceptsCompression(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request.Headers;
        var accepts = _framework.CheckRequestAcceptsCompression(context);
        if (!accepts || request.IfNoneMatch.Count > 0 || request.IfModifiedSince.Count > 0)
        {
            context.Response.OnStarting(s_asIfLookedAt, (this, context));
        }

        return accepts;
    }

    public bool ShouldCompressResponse(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!Compressible(context))
        {
            return false;
        }

        // Asked once per response, as its headers are settled and before any byte is sent; the middleware now adds
        // Content-Encoding if the client takes one of the codings (the response had none, or it would not qualify).
        context.Response.OnStarting(s_weakenETagOfEncodedBody, context.Response);
        return true;
    }

    public ICompressionProvider? GetCompressionProvider(HttpContext context) => _framework.GetCompressionProvider(context);

    /// <summary>Whether the response, as its headers stand, would be compressed for a client that accepts a coding.</summary>
    private bool Compressible(HttpContext context)
    {
        var response = context.Response;
        return response.StatusCode != StatusCodes.Status206PartialContent
            && !(response.ContentLength < settings.MinSize)
            && _framework.ShouldCompressResponse(context);
    }

    /// <summary>
    /// The headers the middleware would have given a compressible response it never looked at: <c>Vary</c>, and for a
    /// 304 to a client that takes a coding, the weak ETag of the compressed body it revalidates. (A 304 has no
    /// <c>Content-Length</c>, so one for a file under the minimum size gets them too: a weak ETag promises less, never more.)
    /// </summary>
    private static readonly Func<object, Task> s_asIfLookedAt = state =>
    {
        var (provider, context) = ((SiteCompressionProvider, HttpContext))state;
        if (!provider.Compressible(context))
        {
            return Task.CompletedTask;
        }

        var response = context.Response;
        if (!response.Headers.GetCommaSeparatedValues(HeaderNames.Vary).Contains(HeaderNames.AcceptEncoding, StringComparer.OrdinalIgnoreCase))
        {
            response.Headers.Append(HeaderNames.Vary, HeaderNames.AcceptEncoding);
        }

        if (response.StatusCode == StatusCodes.Status304NotModified && provider.GetCompressionProvider(context) is not null)
        {
            WeakenETag(response.Headers);
        }

        return Task.CompletedTask;
    };

    private static readonly Func<object, Task> s_weakenETagOfEncodedBody = state =>
    {
        var headers = ((HttpResponse)state).Headers;
        if (headers.ContentEncoding.Count > 0)
        {
            WeakenETag(headers);
        }

        return Task.CompletedTask;
    };

    private static void WeakenETag(IHeaderDictionary headers)
    {
        if (headers.ETag is [{ Length: > 0 } etag] && !etag.StartsWith("W/", StringComparison.Ordinal))
        {
            headers.ETag = "W/" + etag;
        }
    }
}
