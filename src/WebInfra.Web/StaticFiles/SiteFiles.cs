using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.FileProviders.Physical;
using WebInfra.Topology.Model;
using WebInfra.Web.Compression;

namespace WebInfra.Web.StaticFiles;

/// <summary>
/// How the site's files are served: from the site's folder only, held in memory by <see cref="SiteFileCache"/>,
/// never dotfiles or hidden files, with the topology's <c>Cache-Control</c> and headers that stop browsers sniffing
/// types or leaking full referrers. ETag and Last-Modified (and the 304s they allow) come from the static-file
/// middleware itself.
/// </summary>
internal static class SiteFiles
{
    public static StaticFileOptions CreateOptions(SiteSettings site)
    {
        var cacheControl = site.CacheControl;
        return new StaticFileOptions
        {
            FileProvider = Held(site),
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
    private static IFileProvider Held(SiteSettings site)
    {
        var held = new SiteFileCache(new PhysicalFileProvider(site.FilesDirectory, ExclusionFilters.Sensitive), site.FileCache, TimeProvider.System);
        return site.Compression is { Enabled: true, Precompressed: true } ? new CompressedCopies(held, site.Compression) : held;
    }
}
