using WebInfra.Hosting.AccessLogs;

namespace WebInfra.Hosting.Tests.AccessLogs;

public sealed class AccessLogRateTests
{
    private static string Combined(string time) => $"127.0.0.1 - - [{time} +0000] \"GET / HTTP/1.1\" 200 5 \"-\" \"curl\" upstream_addr=- upstream_status=- request_time=0.000 upstream_response_time=-";

    private static string Json(string time) => $$"""{"time_local":"{{time}} +0000","remote_addr":"127.0.0.1","request":"GET /[x] HTTP/1.1"}""";

    [Fact]
    public void Lines_count_in_the_whole_second_their_time_names()
    {
        string[] lines =
        [
            Combined("06/Dec/2026:18:59:56"),
            Combined("06/Dec/2026:18:59:57"),
            Json("06/Dec/2026:18:59:57"),
            Combined("06/Dec/2026:18:59:59"),
            Json("06/Dec/2026:18:59:59"),
            Json("06/Dec/2026:18:59:59"),
            Combined("06/Dec/2026:19:00:00"),
            "not a line of the log",
        ];

        var counts = AccessLogRate.PerSecond(lines, new DateTime(2026, 12, 6, 19, 0, 0, 500, DateTimeKind.Utc), 3);

        // 18:59:57, :58, :59; the second still running (19:00:00) and those before the window are left out.
        Assert.Equal([2, 0, 3], counts);
    }

    [Fact]
    public void Time_is_read_from_either_format()
    {
        Assert.True(AccessLogRate.TryReadTime(Combined("06/Dec/2026:18:05:09"), out var combined));
        Assert.True(AccessLogRate.TryReadTime(Json("06/Dec/2026:18:05:09"), out var json));
        Assert.False(AccessLogRate.TryReadTime("[garbage]", out _));

        var expected = new DateTime(2026, 12, 6, 18, 5, 9, DateTimeKind.Utc);
        Assert.Equal((expected, expected), (combined, json));
    }
}
