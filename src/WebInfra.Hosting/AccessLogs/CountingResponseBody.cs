using System.IO.Pipelines;
using Microsoft.AspNetCore.Http.Features;

namespace WebInfra.Hosting.AccessLogs;

/// <summary>
/// The response body in front of the server's, counting the body bytes written whichever way they are written (the
/// stream, the pipe or send-file): nginx's <c>$body_bytes_sent</c>. Everything else goes straight to the server's.
/// </summary>
internal sealed class CountingResponseBody(IHttpResponseBodyFeature server) : IHttpResponseBodyFeature
{
    private CountingStream? _stream;
    private CountingWriter? _writer;

    /// <summary>Body bytes written so far.</summary>
    public long Bytes { get; private set; }

    public Stream Stream => _stream ??= new CountingStream(server.Stream, this);

    public PipeWriter Writer => _writer ??= new CountingWriter(server.Writer, this);

    public void DisableBuffering() => server.DisableBuffering();

    public Task StartAsync(CancellationToken cancellationToken = default) => server.StartAsync(cancellationToken);

    public Task CompleteAsync() => server.CompleteAsync();

    public async Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
    {
        await server.SendFileAsync(path, offset, count, cancellationToken);
        Bytes += count ?? new FileInfo(path).Length - offset;
    }

    private sealed class CountingStream(Stream inner, CountingResponseBody body) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            inner.Write(buffer, offset, count);
            body.Bytes += count;
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            inner.Write(buffer);
            body.Bytes += buffer.Length;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            body.Bytes += buffer.Length;
            return inner.WriteAsync(buffer, cancellationToken);
        }
    }

    private sealed class CountingWriter(PipeWriter inner, CountingResponseBody body) : PipeWriter
    {
        public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

        public override long UnflushedBytes => inner.UnflushedBytes;

        public override void Advance(int bytes)
        {
            inner.Advance(bytes);
            body.Bytes += bytes;
        }

        public override Memory<byte> GetMemory(int sizeHint = 0) => inner.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => inner.GetSpan(sizeHint);

        public override void CancelPendingFlush() => inner.CancelPendingFlush();

        public override void Complete(Exception? exception = null) => inner.Complete(exception);

        public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => inner.FlushAsync(cancellationToken);

        public override ValueTask<FlushResult> WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default)
        {
            body.Bytes += source.Length;
            return inner.WriteAsync(source, cancellationToken);
        }
    }
}
