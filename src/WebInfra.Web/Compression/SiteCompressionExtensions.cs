using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using WebInfra.Topology.Model;

namespace WebInfra.Web.Compression;

/// <summary>
/// A web server's compression (<c>site.compression</c>), built on ASP.NET Core's response compression middleware with
/// its gzip and Brotli providers. It sits in front of the static files and the proxy, so the site's files and the
/// responses forwarded from the application servers are compressed alike, when they are not encoded already.
/// </summary>
internal static class SiteCompressionExtensions
{
    public static IServiceCollection AddSiteCompression(this IServiceCollection services, CompressionSettings settings)
    {
        if (!settings.Enabled)
        {
            return services;
        }

        services.AddSingleton(settings);
        services.AddResponseCompression(options =>
        {
            // Brotli first: the middleware takes the first provider of those a client rates equally.
            if (settings.Brotli)
            {
                options.Providers.Add<BrotliCompressionProvider>();
            }

            if (settings.Gzip)
            {
                options.Providers.Add<GzipCompressionProvider>();
            }

            options.MimeTypes = settings.Types;

            // As nginx: HTTPS is terminated at the balancer, so a web server cannot tell which of its requests came over
            // TLS; compressing a secret next to text an attacker controls is BREACH's risk, and README's "Compression" says so.
            options.EnableForHttps = true;
        });
        services.Configure<BrotliCompressionProviderOptions>(options => options.Level = settings.Level);
        services.Configure<GzipCompressionProviderOptions>(options => options.Level = settings.Level);
        services.Replace(ServiceDescriptor.Singleton<IResponseCompressionProvider, SiteCompressionProvider>());
        return services;
    }

    /// <summary>
    /// Compresses what the rest of the pipeline answers, and answers a site file's request with its precompressed
    /// variant where there is one (<paramref name="siteFiles"/> are the options the site's files are served with).
    /// </summary>
    public static IApplicationBuilder UseSiteCompression(this IApplicationBuilder app, CompressionSettings settings, StaticFileOptions siteFiles)
    {
        if (!settings.Enabled)
        {
            return app;
        }

        app.UseMiddleware<IfNoneMatchMiddleware>();
        app.UseMiddleware<ServerResponseBodyMiddleware>();
        app.UseResponseCompression();
        if (settings.Precompressed)
        {
            app.UseMiddleware<PrecompressedFileMiddleware>(siteFiles, settings);
        }

        return app;
    }
}
