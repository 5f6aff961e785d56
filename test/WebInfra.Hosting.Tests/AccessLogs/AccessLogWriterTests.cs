using System.Net;
using Microsoft.Extensions.Logging;
using WebInfra.Hosting.AccessLogs;
using WebInfra.Topology.Model;

namespace WebInfra.Hosting.Tests.AccessLogs;

public sealed class AccessLogWriterTests
{
    private static AccessLogEntry Entry(int number, string? userAgent = "test") =>
        new(DateTime.UtcNow, IPAddress.Loopback, "GET", $"/{number}", "HTTP/1.1", 200, 10, null, userAgent, null, TimeSpan.Zero);

    [Fact]
    public async Task Full_buffer_drops_and_counts_the_line_without_waiting_and_warns_once()
    {
        using var directory = new TemporaryDirectory();
        var logger = new CollectingLogger();
        using var writer = new AccessLogWriter(directory.Combine("access.log"), AccessLogSettings.Default, logger, capacity: 4);
        var droppedBefore = AccessLogMetrics.Dropped.Value;

        // Not started: nothing reads, so the fifth line on finds the buffer full.
        var accepted = Enumerable.Range(0, 10).Select(i => writer.TryWrite(Entry(i))).ToList();

        Assert.Equal([true, true, true, true, false, false, false, false, false, false], accepted);
        Assert.Equal(6, AccessLogMetrics.Dropped.Value - droppedBefore);
        Assert.Single(logger.Warnings);

        await writer.StartAsync(CancellationToken.None);
        await writer.StoppedAsync(CancellationToken.None);
        Assert.Equal(["GET /0 ", "GET /1 ", "GET /2 ", "GET /3 "], File.ReadAllLines(directory.Combine("access.log")).Select(l => l[(l.IndexOf('"', StringComparison.Ordinal) + 1)..(l.IndexOf('"', StringComparison.Ordinal) + 8)]));
    }

    [Fact]
    public void Entries_holding_more_memory_than_the_bound_are_dropped()
    {
        using var directory = new TemporaryDirectory();
        using var writer = new AccessLogWriter(directory.Combine("access.log"), AccessLogSettings.Default, new CollectingLogger(), capacity: 1000, memoryLimit: 10_000);

        Assert.True(writer.TryWrite(Entry(1, new string('a', 2_000))));
        Assert.True(writer.TryWrite(Entry(2, new string('a', 2_000))));
        Assert.False(writer.TryWrite(Entry(3, new string('a', 2_000))));
        Assert.True(writer.TryWrite(Entry(4)));
    }

    [Fact]
    public async Task Every_line_queued_reaches_the_file_in_order_by_the_time_the_writer_has_stopped()
    {
        using var directory = new TemporaryDirectory();
        var path = directory.Combine("logs", "server-1-web.access.log");
        using var writer = new AccessLogWriter(path, AccessLogSettings.Default with { Format = AccessLogFormat.Json, MaxSize = 8 * 1024, Keep = 100 }, new CollectingLogger());
        await writer.StartAsync(CancellationToken.None);

        for (var i = 0; i < 2_000; i++)
        {
            Assert.True(writer.TryWrite(Entry(i)));
        }

        await writer.StoppedAsync(CancellationToken.None);

        var files = Directory.EnumerateFiles(directory.Combine("logs")).OrderByDescending(f => f.Length).ThenByDescending(f => f, StringComparer.Ordinal);
        var lines = files.SelectMany(File.ReadAllLines).ToList();
        Assert.Equal(Enumerable.Range(0, 2_000).Select(i => $"GET /{i} HTTP/1.1"), lines.Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("request").GetString()));
    }

    private sealed class CollectingLogger : ILogger<AccessLogWriter>
    {
        public List<string> Warnings { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning)
            {
                lock (Warnings)
                {
                    Warnings.Add(formatter(state, exception));
                }
            }
        }
    }
}
