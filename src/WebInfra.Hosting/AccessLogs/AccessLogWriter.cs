using System.Buffers;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WebInfra.Hosting.Logging;
using WebInfra.Topology.Model;

namespace WebInfra.Hosting.AccessLogs;

/// <summary>
/// Writes the access log off the request path. A request only hands its entry to a bounded buffer
/// (<see cref="TryWrite"/>, which never waits); one background loop formats the entries and writes them to the file in
/// batches, a few times a second, flushed after each batch. When the buffer is full, by count or by the memory its
/// entries hold, the line is dropped and counted (<c>webinfra_access_log_dropped_total</c>), and one warning is logged
/// each time dropping starts: a slow disk never slows the site, nor grows its memory.
/// </summary>
internal sealed partial class AccessLogWriter : IHostedLifecycleService, IDisposable
{
    /// <summary>How long lines gather before a batch is written: well under the second within which a line reaches the file.</summary>
    private static readonly TimeSpan s_batchWindow = TimeSpan.FromMilliseconds(200);

    private readonly Channel<AccessLogEntry> _entries;
    private readonly string _path;
    private readonly AccessLogSettings _settings;
    private readonly long _memoryLimit;
    private readonly ILogger<AccessLogWriter> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private long _queuedWeight;
    private int _dropping;
    private int _droppedSinceBatch;
    private bool _failing;
    private Task _loop = Task.CompletedTask;

    /// <summary>Creates the writer of <paramref name="path"/>; <paramref name="capacity"/> lines and <paramref name="memoryLimit"/> bytes may wait at most.</summary>
    public AccessLogWriter(string path, AccessLogSettings settings, ILogger<AccessLogWriter> logger, int capacity = 32_768, long memoryLimit = 32 * 1024 * 1024)
    {
        _path = path;
        _settings = settings;
        _memoryLimit = memoryLimit;
        _logger = logger;
        _entries = Channel.CreateBounded<AccessLogEntry>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
    }

    /// <summary>The file written.</summary>
    public string Path => _path;

    /// <summary>Queues a request's entry; false (and counted) when the buffer is full. Never waits.</summary>
    public bool TryWrite(in AccessLogEntry entry)
    {
        var weight = entry.Weight;
        if (Interlocked.Add(ref _queuedWeight, weight) > _memoryLimit || !_entries.Writer.TryWrite(entry))
        {
            Interlocked.Add(ref _queuedWeight, -weight);
            AccessLogMetrics.Dropped.Inc();
            Interlocked.Increment(ref _droppedSinceBatch);
            if (Interlocked.Exchange(ref _dropping, 1) == 0)
            {
                Log.Dropping(_logger, _path);
            }

            return false;
        }

        return true;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _loop = Task.Run(WriteLoopAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Once every listener has stopped and the last request is done, writes what is left and closes the file.</summary>
    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        _entries.Writer.TryComplete();
        await _stopping.CancelAsync();
        await _loop.WaitAsync(cancellationToken);
    }

    public void Dispose() => _stopping.Dispose();

    private async Task WriteLoopAsync()
    {
        var line = new ArrayBufferWriter<byte>(1024);
        AccessLogFile? file = null;
        try
        {
            while (await _entries.Reader.WaitToReadAsync())
            {
                if (!_stopping.IsCancellationRequested)
                {
                    try
                    {
                        await Task.Delay(s_batchWindow, _stopping.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        // Stopping: write what is left now.
                    }
                }

                file = WriteBatch(file, line);
            }
        }
        finally
        {
            file?.Dispose();
        }
    }

    /// <summary>Writes every entry waiting, then flushes; a file that cannot be written is tried again at the next batch.</summary>
    private AccessLogFile? WriteBatch(AccessLogFile? file, ArrayBufferWriter<byte> line)
    {
        try
        {
            file ??= new AccessLogFile(_path, _settings.MaxSize, _settings.Keep);
            while (_entries.Reader.TryRead(out var entry))
            {
                line.ResetWrittenCount();
                AccessLogLine.Write(entry, _settings.Format, line);
                Interlocked.Add(ref _queuedWeight, -entry.Weight);
                file.Write(line.WrittenSpan);
            }

            file.Flush();
            _failing = false;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            Discard(exception);
            file?.Dispose();
            return null;
        }

        // Dropping has ended once a whole batch went by without a drop; the next drop warns again.
        if (Interlocked.Exchange(ref _droppedSinceBatch, 0) == 0)
        {
            Volatile.Write(ref _dropping, 0);
        }

        return file;
    }

    /// <summary>Drops what is waiting after a write failed, counted as dropped, with one warning until a batch succeeds again.</summary>
    private void Discard(Exception exception)
    {
        if (!_failing)
        {
            Log.WriteFailed(_logger, _path, exception.Message);
            _failing = true;
        }

        while (_entries.Reader.TryRead(out var entry))
        {
            Interlocked.Add(ref _queuedWeight, -entry.Weight);
            AccessLogMetrics.Dropped.Inc();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.AccessLogDropping, LogLevel.Warning, "Access log {Path} cannot keep up: dropping lines (counted in webinfra_access_log_dropped_total); requests are served as before")]
        public static partial void Dropping(ILogger logger, string path);

        [LoggerMessage(EventIds.AccessLogWriteFailed, LogLevel.Warning, "Access log {Path} cannot be written ({Reason}): dropping lines until it can")]
        public static partial void WriteFailed(ILogger logger, string path, string reason);
    }
}
