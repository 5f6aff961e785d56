using Microsoft.AspNetCore.StaticFiles;

namespace WebInfra.Web.Compression;

/// <summary>
/// The type of a precompressed file (<c>style.css.br</c>) is its original's (<c>text/css</c>): the encoding says how
/// it is packed, not what it is. Used only for requests <see cref="PrecompressedFileMiddleware"/> has pointed at a
/// variant; a <c>.br</c> or <c>.gz</c> file asked for by its own name is served as it always was.
/// </summary>
internal sealed class PrecompressedContentTypeProvider(IContentTypeProvider types) : IContentTypeProvider
{
    public bool TryGetContentType(string subpath, out string contentType) =>
        types.TryGetContentType(PrecompressedVariant.OriginalOf(subpath), out contentType!);
}
