using System.Buffers;
using System.Net;
using System.Text;
using System.Text.Json;
using WebInfra.Hosting.AccessLogs;
using WebInfra.Topology.Model;

namespace WebInfra.Hosting.Tests.AccessLogs;

public sealed class AccessLogLineTests
{
    private static readonly DateTime s_time = new(2026, 12, 6, 18, 5, 9, DateTimeKind.Utc);

    private static AccessLogEntry Entry(string target = "/robots.txt?a=1", string? userAgent = "curl/8.0", string? referer = null, UpstreamAttempts? upstream = null) =>
        new(s_time, IPAddress.Parse("127.0.1.100"), "GET", target, "HTTP/1.1", 200, 1234, referer, userAgent, upstream, TimeSpan.FromMilliseconds(4.7));

    private static UpstreamAttempts Attempts(params UpstreamAttempt[] attempts)
    {
        var upstream = new UpstreamAttempts();
        foreach (var attempt in attempts)
        {
            upstream.Add(attempt);
        }

        return upstream;
    }

    private static string Format(AccessLogEntry entry, AccessLogFormat format)
    {
        var output = new ArrayBufferWriter<byte>();
        AccessLogLine.Write(entry, format, output);
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    [Fact]
    public void Combined_line_is_nginx_combined_followed_by_the_upstream_fields()
    {
        var line = Format(Entry(upstream: Attempts(new UpstreamAttempt("server-1/web", 200, TimeSpan.FromMilliseconds(3.2)))), AccessLogFormat.Combined);

        Assert.Equal(
            "127.0.1.100 - - [06/Dec/2026:18:05:09 +0000] \"GET /robots.txt?a=1 HTTP/1.1\" 200 1234 \"-\" \"curl/8.0\" upstream_addr=server-1/web upstream_status=200 request_time=0.004 upstream_response_time=0.003\n",
            line);
    }

    [Fact]
    public void Request_answered_here_has_a_dash_for_its_upstream()
    {
        var line = Format(Entry(upstream: new UpstreamAttempts()), AccessLogFormat.Combined);

        Assert.EndsWith(" upstream_addr=- upstream_status=- request_time=0.004 upstream_response_time=-\n", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Retried_request_lists_every_member_tried_in_order()
    {
        var upstream = Attempts(new UpstreamAttempt("server-1/web", 502, TimeSpan.FromMilliseconds(1)), new("server-2/web", 200, TimeSpan.FromMilliseconds(2)));

        var combined = Format(Entry(upstream: upstream), AccessLogFormat.Combined);
        using var json = JsonDocument.Parse(Format(Entry(upstream: upstream), AccessLogFormat.Json));

        Assert.Contains(" upstream_addr=server-1/web,server-2/web upstream_status=502,200 request_time=0.004 upstream_response_time=0.001,0.002\n", combined, StringComparison.Ordinal);
        Assert.Equal(("server-1/web, server-2/web", "502, 200", "0.001, 0.002"), (
            json.RootElement.GetProperty("upstream_addr").GetString(),
            json.RootElement.GetProperty("upstream_status").GetString(),
            json.RootElement.GetProperty("upstream_response_time").GetString()));
    }

    [Fact]
    public void Json_line_is_one_object_with_nginx_variable_names()
    {
        var line = Format(Entry(referer: "https://example.com/", upstream: Attempts(new UpstreamAttempt("server-2/web", 304, TimeSpan.FromMilliseconds(12)))), AccessLogFormat.Json);

        Assert.Equal(
            """{"time_local":"06/Dec/2026:18:05:09 +0000","remote_addr":"127.0.1.100","remote_user":"","request":"GET /robots.txt?a=1 HTTP/1.1","status":200,"body_bytes_sent":1234,"http_referer":"https://example.com/","http_user_agent":"curl/8.0","request_time":0.004,"upstream_addr":"server-2/web","upstream_status":"304","upstream_response_time":"0.012"}""" + "\n",
            line);
        using var json = JsonDocument.Parse(line);
        Assert.Equal(200, json.RootElement.GetProperty("status").GetInt32());
        Assert.Equal(0.004, json.RootElement.GetProperty("request_time").GetDouble());
    }

    [Theory]
    [InlineData("/a\"b", "evil\" \"forged")]
    [InlineData("/a\nb", "agent\n127.0.0.9 - - [06/Dec/2026:18:05:09 +0000] \"GET /forged HTTP/1.1\" 200 1 \"-\" \"-\"")]
    [InlineData("/a\\b\r", "tab\there\u0001\u007f")]
    public void Quote_or_control_character_never_ends_a_field_or_the_line(string target, string userAgent)
    {
        var combined = Format(Entry(target, userAgent), AccessLogFormat.Combined);
        var json = Format(Entry(target, userAgent), AccessLogFormat.Json);

        foreach (var line in new[] { combined, json })
        {
            Assert.Equal(line.Length - 1, line.IndexOf('\n', StringComparison.Ordinal));
            Assert.DoesNotContain('\r', line);
            Assert.All(line[..^1], c => Assert.InRange(c, ' ', '~'));
        }

        // Exactly the six quotes the format writes around request, referrer and user agent: none from the client.
        Assert.Equal(6, combined.Count(c => c == '"'));
        using var parsed = JsonDocument.Parse(json);
        Assert.Equal(userAgent, parsed.RootElement.GetProperty("http_user_agent").GetString());
        Assert.Equal($"GET {target} HTTP/1.1", parsed.RootElement.GetProperty("request").GetString());
    }

    [Fact]
    public void Combined_escapes_as_nginx_does_byte_by_byte()
    {
        var line = Format(Entry("/q\"x\\y", "é\n"), AccessLogFormat.Combined);

        Assert.Contains("\"GET /q\\x22x\\x5Cy HTTP/1.1\"", line, StringComparison.Ordinal);
        Assert.Contains("\"\\xC3\\xA9\\x0A\"", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_headers_are_dashes_in_combined_and_empty_in_json()
    {
        var entry = Entry(userAgent: null) with { RemoteAddress = null };

        Assert.StartsWith("- - - [", Format(entry, AccessLogFormat.Combined), StringComparison.Ordinal);
        Assert.Contains("\"-\" \"-\" upstream_addr=-", Format(entry, AccessLogFormat.Combined), StringComparison.Ordinal);
        using var json = JsonDocument.Parse(Format(entry, AccessLogFormat.Json));
        Assert.Equal(("", ""), (json.RootElement.GetProperty("http_user_agent").GetString(), json.RootElement.GetProperty("upstream_addr").GetString()));
    }

    [Fact]
    public void Ipv4_mapped_peer_is_written_as_ipv4()
    {
        var line = Format(Entry() with { RemoteAddress = IPAddress.Parse("127.0.1.100").MapToIPv6() }, AccessLogFormat.Combined);

        Assert.StartsWith("127.0.1.100 - - ", line, StringComparison.Ordinal);
    }
}
