namespace WebInfra.Topology.Model;

/// <summary>The site served by the topology.</summary>
/// <param name="Name">The site's host name, e.g. <c>www.foobar.com</c>.</param>
/// <param name="FilesDirectory">Absolute path of the site's files, which every web server serves.</param>
/// <param name="RouteHeader">Whether responses carry <c>X-Served-By</c> naming each node they passed through; a debugging aid, off in production.</param>
/// <param name="CacheControl">The <c>Cache-Control</c> value web servers send with static files.</param>
/// <param name="FileCache">What web servers keep in memory of the site's files.</param>
/// <param name="Compression">How web servers compress responses (<c>gzip</c> and <c>br</c>).</param>
/// <param name="Location">Where the site section is written.</param>
public sealed record SiteSettings(string Name, string FilesDirectory, bool RouteHeader, string CacheControl, FileCacheSettings FileCache, CompressionSettings Compression, SourceLocation Location)
{
    /// <summary>Five minutes: long enough to spare the web servers, short enough that a deploy shows soon.</summary>
    public const string DefaultCacheControl = "public, max-age=300";

    /// <summary>The access log of every balancer and web server: on, in the combined format, unless the topology says otherwise.</summary>
    public AccessLogSettings AccessLog { get; init; } = AccessLogSettings.Default;
}
