using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using WebInfra.Topology.Model;

namespace WebInfra.Web.Compression;

/// <summary>
/// nginx's <c>gzip_static on</c> (and <c>brotli_static on</c>): a request for a site file that has a <c>.br</c> or
/// <c>.gz</c> file beside it gets that file as it is, with <c>Content-Encoding</c> and the original's type, when its
/// <c>Accept-Encoding</c> takes that coding; compressed once, at build time, at the highest level, instead of on every
/// request. The variant is an ordinary site file, so the file cache holds it in memory as it holds the original. Every
/// answer for such a path says <c>Vary: Accept-Encoding</c>, whichever body it carries. A range request gets ranges of
/// the original, never of a variant.
/// </summary>
internal sealed class PrecompressedFileMiddleware
{
    private readonly RequestDelegate _next;
    private readonly IFileProvider _files;
    private readonly IContentTypeProvider _types;
    private readonly PrecompressedVariant[] _variants;
    private readonly StaticFileMiddleware _variantFiles;

    public PrecompressedFileMiddleware(
        RequestDelegate next, IWebHostEnvironment environment, ILoggerFactory loggers, StaticFileOptions siteFiles, CompressionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(siteFiles);
        ArgumentNullException.ThrowIfNull(settings);
        _next = next;
        _files = siteFiles.FileProvider!;
        _types = siteFiles.ContentTypeProvider ?? new FileExtensionContentTypeProvider();
        _variants = [.. PrecompressedVariant.All.Where(v => v == PrecompressedVariant.Brotli ? settings.Brotli : settings.Gzip)];
        var variantFiles = new StaticFileOptions
        {
            FileProvider = _files,
            ContentTypeProvider = new PrecompressedContentTypeProvider(_types),
            ServeUnknownFileTypes = false,
            OnPrepareResponse = siteFiles.OnPrepareResponse,
        };

        // A variant gone from the disk since it was looked up: the request goes on for the original.
        _variantFiles = new StaticFileMiddleware(
            context =>
            {
                context.Request.Path = PrecompressedVariant.OriginalOf(context.Request.Path.Value!);
                context.Response.Headers.ContentEncoding = default;
                return _next(context);
            },
            environment, Options.Create(variantFiles), loggers);
    }

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            || request.Headers.Range.Count > 0
            || request.Path.Value is not { } path
            || !_types.TryGetContentType(path, out _)
            || !IsFile(path))
        {
            return _next(context);
        }

        List<string>? available = null;
        foreach (var variant in _variants)
        {
            if (IsFile(path + variant.Suffix))
            {
                (available ??= []).Add(variant.Coding);
            }
        }

        if (available is null)
        {
            return _next(context);
        }

        context.Response.Headers.Append(HeaderNames.Vary, HeaderNames.AcceptEncoding);
        if (AcceptedCoding.Choose(request.Headers.AcceptEncoding, available) is not { } coding)
        {
            return _next(context);
        }

        // Set before the file is served, so that a 304 for the variant says it too (and nothing takes it for a body to
        // compress, or its ETag for one to weaken).
        request.Path = path + _variants.First(v => v.Coding == coding).Suffix;
        context.Response.Headers.ContentEncoding = coding;
        return _variantFiles.Invoke(context);
    }

    private bool IsFile(string path) => _files.GetFileInfo(path) is { Exists: true, IsDirectory: false };
}
