using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;

namespace WebInfra.Web.StaticFiles;

/// <summary>
/// The response body of a request answered from a <see cref="CachedFile"/>: the static-file middleware's send-file
/// call writes the held content straight into the response instead of copying it through a stream and a buffer, one
/// copy of the body fewer. Any other file is sent by the server's own feature, as before. Behind a compressing body
/// (<see cref="ServerResponseBody"/>), the held content goes through it when it compresses the response, and straight
/// into the server's body when it does not.
/// </summary>
internal sealed class CachedFileBody(IHttpResponseBodyFeature server, IHttpResponseBodyFeature direct, IHeaderDictionary headers, CachedFile file)
    : IHttpResponseBodyFeature
{
    private const int PieceSize = 64 * 1024;

    public Stream Stream => server.Stream;

    public PipeWriter Writer => server.Writer;

    /// <summary>Puts this body in front of the server's for the rest of <paramref name="context"/>.</summary>
    public static void Install(HttpContext context, CachedFile file)
    {
        var features = context.Features;
        var current = features.GetRequiredFeature<IHttpResponseBodyFeature>();
        var direct = features.Get<ServerResponseBody>()?.Server ?? current;
        features.Set<IHttpResponseBodyFeature>(new CachedFileBody(current, direct, context.Response.Headers, file));
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
        var writer = await WriterAsync(cancellationToken);
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

    /// <summary>
    /// Where the content goes: the body in front of the server's decides, as it starts, whether it compresses the
    /// response, which it says by adding a <c>Content-Encoding</c>; when it does not, it would only copy the bytes on.
    /// </summary>
    private async ValueTask<PipeWriter> WriterAsync(CancellationToken cancellationToken)
    {
        if (ReferenceEquals(server, direct))
        {
            return server.Writer;
        }

        var encoding = headers.ContentEncoding;
        await server.StartAsync(cancellationToken);
        return StringValues.Equals(encoding, headers.ContentEncoding) ? direct.Writer : server.Writer;
    }
}
