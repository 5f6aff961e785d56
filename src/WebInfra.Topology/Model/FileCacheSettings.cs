namespace WebInfra.Topology.Model;

/// <summary>
/// What each web server keeps in memory of the site's files, as nginx's <c>open_file_cache</c> keeps descriptors: a
/// static request then costs no system call, and a forwarded one no failed <c>stat</c>, at the price of serving a
/// change on disk up to <paramref name="Valid"/> late.
/// </summary>
/// <param name="Valid">How long a file, or its absence, is trusted before the disk is asked again (one stat; a file that did not change is not read again). nginx's <c>open_file_cache_valid</c>.</param>
/// <param name="MaxFileSize">Files larger than this are read from disk on every request; 0 holds no content, only what is known of each path.</param>
/// <param name="MaxSize">The content held in memory, all files together.</param>
/// <param name="MaxEntries">Paths remembered, found or not; when full the cache starts again empty, so random paths cannot grow it. nginx's <c>max=</c>.</param>
public sealed record FileCacheSettings(TimeSpan Valid, int MaxFileSize, int MaxSize, int MaxEntries)
{
    /// <summary>The largest <see cref="MaxSize"/> accepted, 1 GiB.</summary>
    public const int MaximumSize = 1024 * 1024 * 1024;

    /// <summary>The longest <see cref="Valid"/> accepted: a change on disk should not wait longer to show.</summary>
    public static TimeSpan MaximumValid { get; } = TimeSpan.FromHours(1);

    /// <summary>The cache of a site without <c>file_cache</c>: files up to 1 MiB, 64 MiB in all, 10,000 paths, each trusted 1 s.</summary>
    public static FileCacheSettings Default { get; } = new(TimeSpan.FromSeconds(1), 1024 * 1024, 64 * 1024 * 1024, 10_000);
}
