using System.IO.Compression;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Primitives;
using WebInfra.Topology.Model;
using WebInfra.Web.StaticFiles;

namespace WebInfra.Web.Compression;

/// <summary>
/// The site's files plus, for each file the cache holds in memory that is worth compressing (one of the compressed
/// <see cref="CompressionSettings.Types"/>, at least <see cref="CompressionSettings.MinSize"/>), its <c>.br</c> and
/// <c>.gz</c> copies, made once, at the best level that is still quick, the first time a client asks for one, and kept
/// with that version of the file: a copy lives exactly as long as the held file it was made from, so a changed file
/// gets new copies. <see cref="PrecompressedFileMiddleware"/> then sends them as it sends precompressed files, straight
/// from memory: a small text file costs no compression per request, where nginx compresses it every time. A copy on
/// disk (made at build time) always wins; a copy that would not be smaller than its original is not made.
/// </summary>
internal sealed class CompressedCopies(IFileProvider files, CompressionSettings settings) : IFileProvider
{
    private readonly ConditionalWeakTable<CachedFile, Copies> _copies = [];
    private readonly FileExtensionContentTypeProvider _types = new();

    public IFileInfo GetFileInfo(string subpath)
    {
        var file = files.GetFileInfo(subpath);
        if (file.Exists || PrecompressedVariant.Of(subpath) is not { } variant || !Enabled(variant))
        {
            return file;
        }

        var original = PrecompressedVariant.OriginalOf(subpath);
        return files.GetFileInfo(original) is CachedFile held && held.Length >= settings.MinSize && Compressible(original)
            ? _copies.GetValue(held, h => new Copies(h)).Of(variant) ?? file
            : file;
    }

    public IDirectoryContents GetDirectoryContents(string subpath) => files.GetDirectoryContents(subpath);

    public IChangeToken Watch(string filter) => files.Watch(filter);

    private bool Enabled(PrecompressedVariant variant) => variant == PrecompressedVariant.Brotli ? settings.Brotli : settings.Gzip;

    /// <summary>Whether the file's type is one compressed: exactly, or by its whole type (<c>text/*</c>).</summary>
    private bool Compressible(string path)
    {
        if (!_types.TryGetContentType(path, out var type))
        {
            return false;
        }

        var slash = type.IndexOf('/', StringComparison.Ordinal);
        return settings.Types.Any(t => string.Equals(t, type, StringComparison.OrdinalIgnoreCase)
            || (t.EndsWith("/*", StringComparison.Ordinal) && slash > 0 && string.Compare(t, 0, type, 0, slash + 1, StringComparison.OrdinalIgnoreCase) == 0));
    }

    /// <summary>One held file's copies, each made at most once, by whichever request asks first.</summary>
    private sealed class Copies(CachedFile original)
    {
        private readonly Lazy<CachedFile?> _brotli = new(() => Make(original, PrecompressedVariant.Brotli));
        private readonly Lazy<CachedFile?> _gzip = new(() => Make(original, PrecompressedVariant.Gzip));

        public CachedFile? Of(PrecompressedVariant variant) => (variant == PrecompressedVariant.Brotli ? _brotli : _gzip).Value;

        /// <summary>
        /// The copy, or null when it would not be smaller. Optimal, not smallest: made on a request's path, it must be
        /// quick (Brotli's quality 11 takes seconds for a megabyte), and it is made once.
        /// </summary>
        private static CachedFile? Make(CachedFile original, PrecompressedVariant variant)
        {
            using var buffer = new MemoryStream(original.Content.Length / 2);
            using (Stream compressor = variant == PrecompressedVariant.Brotli
                ? new BrotliStream(buffer, CompressionLevel.Optimal, leaveOpen: true)
                : new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
            {
                compressor.Write(original.Content.Span);
            }

            return buffer.Length < original.Length
                ? new CachedFile(original.Name + variant.Suffix, original.PhysicalPath + variant.Suffix, original.LastModified, buffer.ToArray())
                : null;
        }
    }
}
