using System.IO.Compression;

namespace WebInfra.Topology.Model;

/// <summary>The words a topology uses for <see cref="CompressionSettings.Level"/>, compared case-insensitively.</summary>
public static class CompressionLevels
{
    /// <summary>gzip level 1, Brotli quality 1: nginx's default <c>gzip_comp_level 1</c>; the default, right for compressing on the fly.</summary>
    public const string Fastest = "fastest";

    /// <summary>gzip level 6 (zlib's default, nginx's <c>gzip_comp_level 6</c>): smaller bodies for several times the CPU.</summary>
    public const string Optimal = "optimal";

    /// <summary>gzip level 9, Brotli quality 11: the smallest bodies, far too slow for every request; for precompressing files instead.</summary>
    public const string Smallest = "smallest";

    /// <summary>Every level a topology may name.</summary>
    public static IReadOnlyList<string> Names { get; } = [Fastest, Optimal, Smallest];

    /// <summary>The level <paramref name="name"/> stands for; <see cref="CompressionLevel.Fastest"/> for a name not in <see cref="Names"/>.</summary>
    public static CompressionLevel FromName(string name) => name.ToLowerInvariant() switch
    {
        Optimal => CompressionLevel.Optimal,
        Smallest => CompressionLevel.SmallestSize,
        _ => CompressionLevel.Fastest,
    };
}
