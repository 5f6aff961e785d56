using System.IO.Pipelines;
using Microsoft.AspNetCore.Http.Features;
using WebInfra.Hosting.AccessLogs;

namespace WebInfra.Hosting.Tests.AccessLogs;

public sealed class CountingResponseBodyTests
{
    [Fact]
    public async Task Bytes_are_counted_whichever_way_the_body_is_written()
    {
        using var directory = new TemporaryDirectory();
        var file = directory.Combine("file.bin");
        await File.WriteAllBytesAsync(file, new byte[1000]);
        var server = new RecordingBody();
        var body = new CountingResponseBody(server);

        await body.Stream.WriteAsync(new byte[10]);
        body.Stream.Write(new byte[5], 0, 5);
        body.Writer.GetSpan(7)[..7].Clear();
        body.Writer.Advance(7);
        await body.Writer.WriteAsync(new byte[3]);
        await body.SendFileAsync(file, 100, 50);
        await body.SendFileAsync(file, 900, null);

        Assert.Equal(10 + 5 + 7 + 3 + 50 + 100, body.Bytes);
        Assert.Equal(10 + 5 + 7 + 3, server.Sink.Length);
    }

    /// <summary>A server's response body that keeps what is written to it.</summary>
    private sealed class RecordingBody : IHttpResponseBodyFeature
    {
        public MemoryStream Sink { get; } = new();

        public Stream Stream => Sink;

        public PipeWriter Writer => field ??= PipeWriter.Create(Sink, new StreamPipeWriterOptions(leaveOpen: true));

        public void DisableBuffering()
        {
        }

        public Task StartAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task CompleteAsync() => Task.CompletedTask;
    }
}
