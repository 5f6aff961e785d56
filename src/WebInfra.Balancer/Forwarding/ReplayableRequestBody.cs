using System.Buffers;

namespace WebInfra.Balancer.Forwarding;

/// <summary>
/// A request body that keeps what has been read of it, up to a limit, so that the request can be sent to another
/// member after a failure: HAProxy can retry a request whose body still fits in its buffer, and so can this. Nothing
/// is read ahead: a body the first member never received (a connect failure) can be replayed whatever its size,
/// while one read past the limit cannot, and the request then fails instead of being sent incomplete.
/// </summary>
internal sealed class ReplayableRequestBody(Stream inner, int limit) : Stream
{
    private byte[]? _buffer;
    private int _buffered;
    private int _position;
    private bool _overflowed;

    /// <summary>Starts the body again from its first byte; false when more than the limit was read and is gone.</summary>
    public bool Rewind()
    {
        if (_overflowed)
        {
            return false;
        }

        _position = 0;
        return true;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        if (_position < _buffered)
        {
            return Replay(destination.Span);
        }

        var read = await inner.ReadAsync(destination, cancellationToken);
        Keep(destination.Span[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(Span<byte> destination)
    {
        if (_position < _buffered)
        {
            return Replay(destination);
        }

        var read = inner.Read(destination);
        Keep(destination[..read]);
        return read;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Release();
        }

        base.Dispose(disposing);
    }

    private int Replay(Span<byte> destination)
    {
        var count = Math.Min(destination.Length, _buffered - _position);
        _buffer.AsSpan(_position, count).CopyTo(destination);
        _position += count;
        return count;
    }

    private void Keep(ReadOnlySpan<byte> read)
    {
        if (_overflowed || read.IsEmpty)
        {
            return;
        }

        if (_buffered + read.Length > limit)
        {
            _overflowed = true;
            Release();
            return;
        }

        if (_buffer is null || _buffer.Length < _buffered + read.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Min(limit, Math.Max(4096, 2 * (_buffered + read.Length))));
            _buffer?.AsSpan(0, _buffered).CopyTo(larger);
            Release();
            _buffer = larger;
        }

        read.CopyTo(_buffer.AsSpan(_buffered));
        _buffered += read.Length;
        _position = _buffered;
    }

    private void Release()
    {
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }
    }
}
