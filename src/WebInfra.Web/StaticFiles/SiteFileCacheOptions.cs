namespace WebInfra.Web.StaticFiles;

/// <summary>
/// Bounds of <see cref="SiteFileCache"/>, in the spirit of nginx's <c>open_file_cache max=... valid=...</c>: how long
/// an answer from the disk is trusted, and how much memory the cache may hold whatever the requests ask for.
/// </summary>
internal sealed record SiteFileCacheOptions
{
    /// <summary>How long a file (or its absence) is served from memory before the disk is asked again.</summary>
    public TimeSpan Validity { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Files larger than this are not held in memory; only what is known about them is.</summary>
    public long MaxFileBytes { get; init; } = 1024 * 1024;

    /// <summary>The content held in memory, all files together.</summary>
    public long MaxBytes { get; init; } = 64 * 1024 * 1024;

    /// <summary>Paths remembered, found or not; when full the cache starts again empty, so random paths cannot grow it.</summary>
    public int MaxEntries { get; init; } = 10_000;
}
