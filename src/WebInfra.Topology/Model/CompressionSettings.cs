using System.IO.Compression;

namespace WebInfra.Topology.Model;

/// <summary>
/// How web servers compress what they send, as nginx's <c>gzip on</c>, <c>gzip_static on</c> and the brotli module
/// do: text compresses to a fraction of its size, and the web tier is where nginx does it, so neither the balancer nor
/// the application spends CPU on it. The encoding is chosen by the request's <c>Accept-Encoding</c>.
/// </summary>
/// <param name="Gzip">Whether web servers send <c>gzip</c>, compressed on the fly or from a <c>.gz</c> file beside the original.</param>
/// <param name="Brotli">Whether web servers send <c>br</c>, compressed on the fly or from a <c>.br</c> file beside the original; preferred to gzip when a client accepts both equally.</param>
/// <param name="Level">How hard on-the-fly compression works; see <see cref="CompressionLevels"/> for what each level means.</param>
/// <param name="MinSize">Responses whose <c>Content-Length</c> is below this many bytes are sent as they are (nginx's <c>gzip_min_length</c>); a response of unknown length is compressed, as nginx does.</param>
/// <param name="Types">The media types compressed: exact (<c>text/css</c>) or a whole type (<c>text/*</c>); nginx's <c>gzip_types</c>.</param>
/// <param name="Precompressed">Whether a <c>.br</c> or <c>.gz</c> file beside a site file is sent instead of compressing the original (nginx's <c>gzip_static on</c>).</param>
/// <param name="Location">Where the compression section is written, or null when it is absent.</param>
public sealed record CompressionSettings(bool Gzip, bool Brotli, CompressionLevel Level, int MinSize, IReadOnlyList<string> Types, bool Precompressed, SourceLocation? Location)
{
    /// <summary>The largest <see cref="MinSize"/> accepted, 1 GiB.</summary>
    public const int MaximumMinSize = 1024 * 1024 * 1024;

    /// <summary>
    /// The text types worth compressing: every <c>text/*</c>, scripts, JSON, XML and its dialects, SVG and WebAssembly.
    /// Images, audio, video, fonts in WOFF2 and archives are compressed already and would only cost CPU.
    /// </summary>
    public static IReadOnlyList<string> DefaultTypes { get; } =
    [
        "text/*",
        "application/javascript",
        "application/json",
        "application/problem+json",
        "application/manifest+json",
        "application/ld+json",
        "application/xml",
        "application/xhtml+xml",
        "application/rss+xml",
        "application/atom+xml",
        "application/wasm",
        "image/svg+xml",
    ];

    /// <summary>
    /// The compression of a site without a <c>compression</c> section: on, gzip and Brotli, the fastest level (nginx's
    /// <c>gzip_comp_level 1</c>: on-the-fly compression should cost little; precompress what must be smallest), from
    /// 1 KiB (below it a response fits in one packet either way, and gzip's 18 bytes of framing eat the saving), the
    /// <see cref="DefaultTypes"/>, and precompressed files used.
    /// </summary>
    public static CompressionSettings Default { get; } = new(true, true, CompressionLevel.Fastest, 1024, DefaultTypes, true, null);

    /// <summary>Whether web servers compress at all: at least one encoding is on.</summary>
    public bool Enabled => Gzip || Brotli;
}
