using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using WebInfra.FunctionalTests.Infrastructure;
using WebInfra.FunctionalTests.Monitoring;

namespace WebInfra.FunctionalTests.Security;

/// <summary>
/// Hostile and oversized requests against a real site, written byte for byte: each is refused at the entry point with
/// the status that says why, is never forwarded, and leaves the site answering everyone else.
/// </summary>
public sealed class HardeningTests(HardeningSiteFixture fixture) : IClassFixture<HardeningSiteFixture>
{
    private Task<RawResponse> SendAsync(string request, IPAddress? source = null) =>
        RawHttp.SendAsync(fixture.Balancer, request, source ?? fixture.Client);

    private static string Get(string target, string extraHeaders = "") =>
        $"GET {target} HTTP/1.1\r\nHost: www.foobar.com\r\n{extraHeaders}Connection: close\r\n\r\n";

    [Fact]
    public async Task Headers_larger_than_header_size_get_431()
    {
        var response = await SendAsync(Get("/robots.txt", $"X-Padding: {new string('a', 5000)}\r\n"));

        Assert.Equal(431, response.StatusCode);
    }

    [Fact]
    public async Task More_headers_than_allowed_get_431()
    {
        var headers = string.Concat(Enumerable.Range(0, 40).Select(i => $"X-Header-{i}: {i}\r\n"));

        var response = await SendAsync(Get("/robots.txt", headers));

        Assert.Equal(431, response.StatusCode);
    }

    [Fact]
    public async Task Uri_longer_than_uri_length_gets_414()
    {
        var response = await SendAsync(Get("/static/" + new string('a', 2000)));

        Assert.Equal(414, response.StatusCode);
    }

    [Fact]
    public async Task Request_within_every_limit_is_served()
    {
        var response = await SendAsync(Get("/robots.txt", $"X-Padding: {new string('a', 1000)}\r\n"));

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("nosniff", response.Header("X-Content-Type-Options"));
    }

    [Fact]
    public async Task Body_larger_than_body_size_gets_413()
    {
        var body = new string('a', 3000);

        var response = await SendAsync($"POST /api/posts HTTP/1.1\r\nHost: www.foobar.com\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}");

        Assert.Equal(413, response.StatusCode);
    }

    [Fact]
    public async Task Chunked_body_larger_than_body_size_is_refused()
    {
        var chunk = new string('a', 1000);
        var chunks = string.Concat(Enumerable.Repeat($"3e8\r\n{chunk}\r\n", 3));

        var response = await SendAsync($"POST /api/posts HTTP/1.1\r\nHost: www.foobar.com\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n{chunks}0\r\n\r\n");

        Assert.Equal(413, response.StatusCode);
    }

    [Theory]
    [InlineData("both Content-Length and Transfer-Encoding", "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n", "0\r\n\r\n")]
    [InlineData("Transfer-Encoding before Content-Length", "Transfer-Encoding: chunked\r\nContent-Length: 4\r\n", "0\r\n\r\n")]
    [InlineData("two Content-Length values that disagree", "Content-Length: 4\r\nContent-Length: 5\r\n", "abcde")]
    [InlineData("a transfer coding other than chunked last", "Transfer-Encoding: chunked, identity\r\n", "0\r\n\r\n")]
    public async Task Ambiguous_framing_gets_400_and_is_never_forwarded(string form, string framing, string body)
    {
        var forwardedBefore = await SettledWebServerRequestsAsync();

        var response = await SendAsync($"POST /api/posts HTTP/1.1\r\nHost: www.foobar.com\r\nContent-Type: application/json\r\n{framing}Connection: close\r\n\r\n{body}");

        Assert.True(response.StatusCode == 400, $"{form}: {response}");
        Assert.True(response.Closed, $"{form}: the connection stayed open");
        Assert.Equal(forwardedBefore, await SettledWebServerRequestsAsync());
    }

    /// <summary>
    /// Chunks are checked as the body streams through, as in HAProxy without <c>http-buffer-request</c>: the web server
    /// may see the start of the request, but the broken body fails there too and no part of it is acted on.
    /// </summary>
    [Fact]
    public async Task Invalid_chunk_size_gets_400_and_creates_nothing()
    {
        var postsBefore = await PostCountAsync();

        var response = await SendAsync("POST /api/posts HTTP/1.1\r\nHost: www.foobar.com\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{\"author\":\"x\"}\r\n0\r\n\r\n");

        Assert.True(response.StatusCode == 400, response.ToString());
        Assert.True(response.Closed);
        Assert.Equal(postsBefore, await PostCountAsync());
    }

    [Theory]
    [InlineData("/static/../../../../etc/passwd")]
    [InlineData("/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd")]
    [InlineData("/static/%252e%252e/%252e%252e/%252e%252e/etc/passwd")]
    [InlineData("/static/..%2f..%2f..%2f..%2fetc/passwd")]
    [InlineData("/static/..%5c..%5c..%5c..%5cetc%5cpasswd")]
    [InlineData("/static\\..\\..\\..\\..\\etc\\passwd")]
    [InlineData("//etc/passwd")]
    [InlineData("/etc/passwd")]
    [InlineData("/robots.txt%00.html")]
    [InlineData("/.env")]
    [InlineData("/%2eenv")]
    [InlineData("/static/.git/config")]
    public async Task Nothing_outside_the_site_files_and_no_dotfile_is_served(string target)
    {
        var response = await SendAsync(Get(target));

        Assert.True(response.StatusCode is 400 or 404, $"{target}: {response}");
        Assert.DoesNotContain("root:", response.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-in-a-dotfile", response.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Client_dribbling_headers_is_cut_off_while_others_are_served()
    {
        using var slow = await RawHttp.ConnectAsync(fixture.Balancer, fixture.Client);
        await slow.SendAsync(Encoding.ASCII.GetBytes("GET /robots.txt HTTP/1.1\r\nHost: www.foobar.com\r\n"), SocketFlags.None);
        var watch = Stopwatch.StartNew();
        var cutOff = false;
        var othersServed = 0;
        for (var i = 0; i < 40 && !cutOff; i++)
        {
            await Task.Delay(250);
            try
            {
                await slow.SendAsync(Encoding.ASCII.GetBytes($"X-Slow-{i}: {i}\r\n"), SocketFlags.None);
            }
            catch (SocketException)
            {
                cutOff = true;
            }

            if (slow.Poll(0, SelectMode.SelectRead) && slow.Available == 0)
            {
                cutOff = true;
            }

            if ((await SendAsync(Get("/robots.txt"))).StatusCode == 200)
            {
                othersServed++;
            }
        }

        Assert.True(cutOff, $"a client sending a header every 250 ms was still connected after {watch.Elapsed.TotalSeconds:F1}s");
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(8));
        Assert.True(othersServed >= 4, $"only {othersServed} other requests were served meanwhile");
    }

    [Fact]
    public async Task Client_above_the_rate_gets_429_with_retry_after_and_others_are_not_limited()
    {
        var flooder = IPAddress.Parse("127.0.14.200");
        var watch = Stopwatch.StartNew();
        var statuses = await Task.WhenAll(Enumerable.Range(0, 60).Select(_ => SendAsync(Get("/robots.txt"), flooder)));
        var elapsed = watch.Elapsed;

        var other = await SendAsync(Get("/robots.txt"), IPAddress.Parse("127.0.14.201"));

        // A burst of 20, then 20 more for each second the flood lasted (the bucket refills once per second).
        var served = statuses.Count(r => r.StatusCode == 200);
        Assert.InRange(served, 20, 20 + (20 * (int)Math.Ceiling(elapsed.TotalSeconds)));
        var refused = statuses.Where(r => r.StatusCode == 429).ToList();
        Assert.Equal(60, served + refused.Count);
        Assert.NotEmpty(refused);
        Assert.All(refused, r => Assert.True(int.Parse(r.Header("Retry-After")!, CultureInfo.InvariantCulture) >= 1));
        Assert.Equal(200, other.StatusCode);
    }

    private async Task<int> PostCountAsync()
    {
        var response = await SendAsync(Get("/api/posts"));
        Assert.Equal(200, response.StatusCode);
        return response.Text.Split("\"id\"").Length - 1;
    }

    /// <summary>
    /// Requests the web server has answered, once the count holds still: a response reaches the client a moment
    /// before the web server counts it.
    /// </summary>
    private async Task<double> SettledWebServerRequestsAsync()
    {
        var count = await WebServerRequestsAsync();
        while (true)
        {
            await Task.Delay(250);
            var again = await WebServerRequestsAsync();
            if (again == count)
            {
                return count;
            }

            count = again;
        }
    }

    /// <summary>Requests the web server has answered, health probes left out: what the balancer forwarded to it.</summary>
    private async Task<double> WebServerRequestsAsync()
    {
        var metrics = MetricsScrape.Parse(await fixture.Site.GetAdminStringAsync(new Uri($"http://{fixture.WebAdmin}/metrics")));
        return metrics.Sum("webinfra_http_requests_total", series => series.Label("class") != "health");
    }
}
