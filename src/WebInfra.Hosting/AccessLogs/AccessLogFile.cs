namespace WebInfra.Hosting.AccessLogs;

/// <summary>
/// The access log file, rotated by size as logrotate's <c>size</c> and <c>rotate</c> rotate it: before a line that would
/// take the file past its size, the file becomes <c>.1</c> (the older ones shifting to <c>.2</c>…, the one past
/// <c>keep</c> deleted) and a new one is opened. Lines are written whole, so a line is never split across two files.
/// Writes are buffered (64 KiB); the writer flushes after each batch.
/// </summary>
internal sealed class AccessLogFile : IDisposable
{
    private const int BufferSize = 64 * 1024;

    private readonly string _path;
    private readonly long _maxSize;
    private readonly int _keep;
    private FileStream _stream;
    private long _length;

    public AccessLogFile(string path, long maxSize, int keep)
    {
        _path = path;
        _maxSize = maxSize;
        _keep = keep;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        _stream = Open(path, out _length);
    }

    /// <summary>Appends a whole line, rotating first when the line would take the file past its size.</summary>
    public void Write(ReadOnlySpan<byte> line)
    {
        if (_length > 0 && _length + line.Length > _maxSize)
        {
            Rotate();
        }

        _stream.Write(line);
        _length += line.Length;
    }

    /// <summary>Hands what is buffered to the kernel.</summary>
    public void Flush() => _stream.Flush();

    public void Dispose() => _stream.Dispose();

    private void Rotate()
    {
        _stream.Dispose();
        if (_keep == 0)
        {
            File.Delete(_path);
        }
        else
        {
            for (var generation = _keep - 1; generation >= 1; generation--)
            {
                var older = ComponentContext.RotatedAccessLogPath(_path, generation);
                if (File.Exists(older))
                {
                    File.Move(older, ComponentContext.RotatedAccessLogPath(_path, generation + 1), overwrite: true);
                }
            }

            File.Move(_path, ComponentContext.RotatedAccessLogPath(_path, 1), overwrite: true);
        }

        _stream = Open(_path, out _length);
    }

    private static FileStream Open(string path, out long length)
    {
        var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, BufferSize);
        length = stream.Length;
        return stream;
    }
}
