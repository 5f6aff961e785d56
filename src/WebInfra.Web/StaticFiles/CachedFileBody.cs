using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace WebInfra.Web.StaticFiles;

/// <summary>
/// The response body of a request answered from a <see cref="CachedFile"/>: the static-file middleware's send-file
/// call writes the held content straight into the response instead of copying it through a stream and a buffer, one
/// copy of the body fewer. Any other file is sent by the server's own feature, as before.
/// </summary>
internal sealed class CachedFileBody(IHttpResponseBodyFeature server, CachedFile file) : IHttpResponseBodyFeature
{
    private const int PieceSize = 64 * 1024;

    public Stream Stream => server.Stream;

    public PipeWriter Writer => server.Writer;

    /// <summary>Puts this body in front of the server's for the rest of <paramref name="context"/>.</summary>
    public static void Install(HttpContext context, CachedFile file)
    {
        var features = context.Features;
        features.Set<IHttpResponseBodyFeature>(new CachedFileBody(features.GetRequiredFeature<IHttpResponseBodyFeature>(), file));
    }

    public void DisableBuffering() => server.DisableBuffering();

    public Task StartAsync(CancellationToken cancellationToken = default) => server.StartAsync(cancellationToken);

    public Task CompleteAsync() => server.CompleteAsync();

    public async Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
    {
        if (!string.Equals(path, file.PhysicalPath, StringComparison.Ordinal))
        {
            await server.SendFileAsync(path, offset, count, cancellationToken);
            return;
        }

        // The middleware has checked the range against this very file's length. Written a piece at a time, each sent
        // while the next is copied, as the server's own send-file does. Each piece is copied into one buffer asked for
        // at its full size, which Kestrel's pipe takes as one segment: written whole (PipeWriter.WriteAsync), a piece
        // is cut into sixteen of the pipe's 4 KiB blocks, each rented, filled and handed to the socket on its own,
        // and a 1 MiB response cost about 30 % more CPU (bench/README.md, "What each change bought").
        var writer = server.Writer;
        var body = file.Content.Slice((int)offset, count is { } length ? (int)length : file.Content.Length - (int)offset);
        while (!body.IsEmpty)
        {
            var piece = body[..Math.Min(body.Length, PieceSize)];
            piece.CopyTo(writer.GetMemory(piece.Length));
            writer.Advance(piece.Length);
            await writer.FlushAsync(cancellationToken);
            body = body[piece.Length..];
        }
    }
}
