using System.IO.Compression;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using WebInfra.Topology.Model;
using WebInfra.Web.Compression;
using WebInfra.Web.StaticFiles;

namespace WebInfra.Web.Tests.Compression;

/// <summary>
/// A web server's pipeline as <see cref="WebServerExtensions.MapWebServer"/> builds it (compression, precompressed
/// files, the site's files), in memory, with a stand-in for the proxy that answers every other path as an application
/// server would. Requests are run through it without a socket.
/// </summary>
internal sealed class CompressingSite : IAsyncDisposable
{
    /// <summary>The JSON a forwarded request gets: 4,000 bytes, well above the minimum size.</summary>
    public static readonly string ForwardedJson = "[" + string.Join(",", Enumerable.Range(0, 250).Select(i => $"{{\"id\":{i,5}}}")) + "]";

    private readonly WebApplication _app;
    private readonly RequestDelegate _pipeline;

    public CompressingSite(CompressionSettings settings)
    {
        var site = new SiteSettings("www.foobar.com", Files.Path, false, SiteSettings.DefaultCacheControl, FileCacheSettings.Default, settings, new SourceLocation("test.yaml", 1, 1));
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddSiteCompression(settings);
        _app = builder.Build();
        var siteFiles = SiteFiles.CreateOptions(site, site.FilesDirectory);
        _app.UseSiteCompression(settings, siteFiles);
        _app.UseStaticFiles(siteFiles);
        _app.Run(ForwardAsync);
        _pipeline = ((IApplicationBuilder)_app).Build();
    }

    /// <summary>The site's files, in a folder of this site's own.</summary>
    public SiteFolder Files { get; } = new();

    public async Task<Response> SendAsync(string path, string? acceptEncoding = null, string method = "GET", params (string Name, string Value)[] headers)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var server = new ServerResponse();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Features.Set<IHttpResponseFeature>(server);
        context.Request.Method = method;
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("www.foobar.com");
        context.Request.Path = path;
        if (acceptEncoding is not null)
        {
            context.Request.Headers.AcceptEncoding = acceptEncoding;
        }

        foreach (var (name, value) in headers)
        {
            context.Request.Headers[name] = value;
        }

        context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(server.Stream));
        await _pipeline(context);
        await context.Response.CompleteAsync();
        await server.StartAsync();
        return new Response(context.Response.StatusCode, context.Response.Headers, server.Sent.ToArray());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        Files.Dispose();
    }

    /// <summary>What an application server answers: JSON, or with <c>/encoded</c> a body it gzipped itself.</summary>
    private static async Task ForwardAsync(HttpContext context)
    {
        var json = Encoding.UTF8.GetBytes(ForwardedJson);
        context.Response.ContentType = "application/json; charset=utf-8";
        if (context.Request.Path == "/encoded")
        {
            context.Response.Headers.ContentEncoding = "gzip";
            json = Gzip(json);
        }

        await context.Response.Body.WriteAsync(json);
    }

    public static byte[] Gzip(byte[] content)
    {
        var packed = new MemoryStream();
        using (var gzip = new GZipStream(packed, CompressionLevel.SmallestSize))
        {
            gzip.Write(content);
        }

        return packed.ToArray();
    }

    public static byte[] Brotli(byte[] content)
    {
        var packed = new MemoryStream();
        using (var brotli = new BrotliStream(packed, CompressionLevel.SmallestSize))
        {
            brotli.Write(content);
        }

        return packed.ToArray();
    }

    /// <summary>A response as the client would get it.</summary>
    internal sealed record Response(int StatusCode, IHeaderDictionary Headers, byte[] Body)
    {
        public string? ContentEncoding => Headers.ContentEncoding.Count == 0 ? null : Headers.ContentEncoding.ToString();

        public bool VariesByAcceptEncoding => Headers.Vary.Any(v => string.Equals(v, "Accept-Encoding", StringComparison.OrdinalIgnoreCase));

        /// <summary>The body with its content coding undone.</summary>
        public string Text
        {
            get
            {
                using Stream decoded = ContentEncoding switch
                {
                    "gzip" => new GZipStream(new MemoryStream(Body), CompressionMode.Decompress),
                    "br" => new BrotliStream(new MemoryStream(Body), CompressionMode.Decompress),
                    null => new MemoryStream(Body),
                    var other => throw new InvalidOperationException($"unexpected Content-Encoding {other}"),
                };
                using var reader = new StreamReader(decoded, Encoding.UTF8);
                return reader.ReadToEnd();
            }
        }
    }
}
