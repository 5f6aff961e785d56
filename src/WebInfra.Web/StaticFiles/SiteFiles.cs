using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.FileProviders.Physical;
using WebInfra.Topology.Model;
using WebInfra.Web.Compression;

namespace WebInfra.Web.StaticFiles;

/// <summary>
/// How the site's files are served: from the server's release of the site's folder only, held in memory by <see cref="SiteFileCache"/>,
/// never dotfiles or hidden files, with the topology's <c>Cache-Control</c> and headers that stop browsers sniffing
/// types or leaking full referrers. ETag and Last-Modified (and the 304s they allow) come from the static-file
/// middleware itself.
/// </summary>
internal static class SiteFiles
{
    /// <summary>The options that serve <paramref name="files"/> (the server's release of the site's files) as <paramref name="site"/> says.</summary>
    public static StaticFileOptions CreateOptions(SiteSettings site, string files)
    {
        var cacheControl = site.CacheControl;
        return new StaticFileOptions
        {
            FileProvider = Held(site, files),
            ServeUnknownFileTypes = false,
            OnPrepareResponse = file =>
            {
                if (file.File is CachedFile cached)
                {
                    CachedFileBody.Install(file.Context, cached);
                }

                var headers = file.Context.Response.Headers;
                headers.CacheControl = cacheControl;

                // A browser must not guess a script out of a file served as something else.
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            },
        };
    }

    /// <summary>The site's files held in memory and, where precompressed files are used, the compressed copies of those held.</summary>
    private static IFileProvider Held(SiteSettings site, string files)
    {
        var held = new SiteFileCache(new PhysicalFileProvider(files, ExclusionFilters.Sensitive), site.FileCache, TimeProvider.System);
        return site.Compression is { Enabled: true, Precompressed: true } ? new CompressedCopies(held, site.Compression) : held;
    }
}
