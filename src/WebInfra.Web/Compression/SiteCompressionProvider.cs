using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.Options;
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

    /// <summary>Always: the middleware then looks at every response, so that <c>Vary</c> is added where it belongs.</summary>
    public bool CheckRequestAcceptsCompression(HttpContext context) => true;

    public bool ShouldCompressResponse(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.Response;
        if (response.StatusCode == StatusCodes.Status206PartialContent || response.ContentLength < settings.MinSize)
        {
            return false;
        }

        if (!_framework.ShouldCompressResponse(context))
        {
            return false;
        }

        // Asked once per response, as its headers are settled and before any byte is sent; the middleware now adds
        // Content-Encoding if the client takes one of the codings (the response had none, or it would not qualify).
        response.OnStarting(s_weakenETagOfEncodedBody, response);
        return true;
    }

    public ICompressionProvider? GetCompressionProvider(HttpContext context) => _framework.GetCompressionProvider(context);

    private static readonly Func<object, Task> s_weakenETagOfEncodedBody = state =>
    {
        var headers = ((HttpResponse)state).Headers;
        if (headers.ContentEncoding.Count > 0 && headers.ETag is [{ Length: > 0 } etag] && !etag.StartsWith("W/", StringComparison.Ordinal))
        {
            headers.ETag = "W/" + etag;
        }

        return Task.CompletedTask;
    };
}
