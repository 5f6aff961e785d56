using Microsoft.AspNetCore.Http.Features;

namespace WebInfra.Web.Tests.Compression;

/// <summary>
/// What a server does with a response that <see cref="Microsoft.AspNetCore.Http.DefaultHttpContext"/> alone does not:
/// runs the <c>OnStarting</c> callbacks (last registered first, as Kestrel) once, before the first byte of the body
/// reaches <see cref="Sent"/> or when the response completes with none.
/// </summary>
internal sealed class ServerResponse : HttpResponseFeature
{
    private readonly Stack<(Func<object, Task> Callback, object State)> _starting = new();
    private bool _started;

    public ServerResponse() => Stream = new StartingStream(this);

    /// <summary>The bytes sent.</summary>
    public MemoryStream Sent { get; } = new();

    /// <summary>The stream the response body feature writes to.</summary>
    public Stream Stream { get; }

    public override bool HasStarted => _started;

    public override void OnStarting(Func<object, Task> callback, object state) => _starting.Push((callback, state));

    public async Task StartAsync()
    {
        if (_started)
        {
            return;
        }

        while (_starting.TryPop(out var starting))
        {
            await starting.Callback(starting.State);
        }

        _started = true;
    }

    private sealed class StartingStream(ServerResponse response) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => response.Sent.Length;

        public override long Position { get => response.Sent.Position; set => throw new NotSupportedException(); }

        public override void Flush() => response.StartAsync().GetAwaiter().GetResult();

        public override async Task FlushAsync(CancellationToken cancellationToken) => await response.StartAsync();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            response.StartAsync().GetAwaiter().GetResult();
            response.Sent.Write(buffer, offset, count);
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await response.StartAsync();
            await response.Sent.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }
}
