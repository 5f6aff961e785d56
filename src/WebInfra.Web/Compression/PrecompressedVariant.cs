namespace WebInfra.Web.Compression;

/// <summary>
/// A file compressed ahead of time and kept beside its original under the original's name plus
/// <paramref name="Suffix"/> (<c>style.css.br</c>), sent with <c>Content-Encoding: <paramref name="Coding"/></c>.
/// </summary>
/// <param name="Coding">The content coding the file is in, as <c>Accept-Encoding</c> names it.</param>
/// <param name="Suffix">What the variant's name adds to its original's.</param>
internal sealed record PrecompressedVariant(string Coding, string Suffix)
{
    /// <summary>Brotli, nginx's <c>brotli_static</c>.</summary>
    public static PrecompressedVariant Brotli { get; } = new("br", ".br");

    /// <summary>gzip, nginx's <c>gzip_static</c>.</summary>
    public static PrecompressedVariant Gzip { get; } = new("gzip", ".gz");

    /// <summary>Every variant, Brotli first: it is preferred when a client accepts both equally.</summary>
    public static IReadOnlyList<PrecompressedVariant> All { get; } = [Brotli, Gzip];

    /// <summary>The variant whose suffix ends <paramref name="path"/>, or null.</summary>
    public static PrecompressedVariant? Of(string path) =>
        All.FirstOrDefault(v => path.EndsWith(v.Suffix, StringComparison.Ordinal));

    /// <summary>The original's path for a variant's <paramref name="path"/>; any other path as it is.</summary>
    public static string OriginalOf(string path) => Of(path) is { } variant ? path[..^variant.Suffix.Length] : path;
}
