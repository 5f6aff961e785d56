using System.Globalization;
using System.Text.RegularExpressions;
using WebInfra.FunctionalTests.Infrastructure;

namespace WebInfra.FunctionalTests.AccessLogs;

/// <summary>
/// Every request through the balancer shows in the balancer's access log and in the access log of the web server that
/// answered it, with the member, the status and the bytes; <c>webinfra logs --access</c> prints them; a burst rotates
/// the files without losing or splitting a line.
/// </summary>
public sealed partial class AccessLogTests(AccessLogSiteFixture fixture) : IClassFixture<AccessLogSiteFixture>
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Request_through_the_balancer_shows_in_its_access_log_and_the_web_servers()
    {
        var robots = await File.ReadAllBytesAsync(Path.Combine(Repository.SiteFiles, "robots.txt"));
        var response = await GetAsync("/robots.txt?marker=one-request", "User-Agent: access-log \"test\"\r\n");
        Assert.Equal(200, response.StatusCode);

        var balancerLine = await LoggedAsync("lb-01/balancer", "marker=one-request");
        var balancer = CombinedLine().Match(balancerLine);
        Assert.True(balancer.Success, balancerLine);
        Assert.Equal(
            ("127.0.36.100", "GET /robots.txt?marker=one-request HTTP/1.1", "200", robots.Length.ToString(CultureInfo.InvariantCulture), "access-log \\x22test\\x22", "200"),
            (balancer.Groups["addr"].Value, balancer.Groups["request"].Value, balancer.Groups["status"].Value, balancer.Groups["bytes"].Value, balancer.Groups["agent"].Value, balancer.Groups["upstatus"].Value));
        var member = balancer.Groups["upstream"].Value;
        Assert.Contains(member, new[] { "server-1/web", "server-2/web" });

        // The web server that answered served the file itself: no upstream.
        var webLine = await LoggedAsync(member, "marker=one-request");
        var web = CombinedLine().Match(webLine);
        Assert.True(web.Success, webLine);
        Assert.Equal(("200", robots.Length.ToString(CultureInfo.InvariantCulture), "-", "-"), (web.Groups["status"].Value, web.Groups["bytes"].Value, web.Groups["upstream"].Value, web.Groups["upstatus"].Value));

        var logs = await fixture.Site.RunOkAsync("logs", "lb-01/balancer", "--access", "-n", "5");
        Assert.Contains(balancerLine, logs.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forwarded_request_names_the_application_server_in_the_web_servers_log()
    {
        var response = await GetAsync("/api/posts?marker=forwarded");
        Assert.Equal(200, response.StatusCode);

        var balancer = CombinedLine().Match(await LoggedAsync("lb-01/balancer", "marker=forwarded"));
        var web = CombinedLine().Match(await LoggedAsync(balancer.Groups["upstream"].Value, "marker=forwarded"));
        Assert.Equal(("server-1/app", "200", "200"), (web.Groups["upstream"].Value, web.Groups["upstatus"].Value, web.Groups["status"].Value));
        Assert.Equal(balancer.Groups["bytes"].Value, web.Groups["bytes"].Value);
    }

    [Fact]
    public async Task Request_retried_on_another_member_lists_both_members_in_order()
    {
        await fixture.Site.RunOkAsync("kill", "server-1/web");
        try
        {
            // Round robin sends one of the first requests to the dead member before its probes take it out; that attempt
            // fails to connect and the request goes to server-2/web.
            for (var i = 0; i < 4; i++)
            {
                Assert.Equal(200, (await GetAsync($"/robots.txt?marker=retry-{i}")).StatusCode);
            }

            await LoggedAsync("lb-01/balancer", "marker=retry-3 ");
            var retried = fixture.AccessLogLines("lb-01/balancer").FirstOrDefault(l => l.Contains("marker=retry-", StringComparison.Ordinal) && l.Contains("upstream_addr=server-1/web,", StringComparison.Ordinal));

            Assert.NotNull(retried);
            var balancer = CombinedLine().Match(retried);
            Assert.Equal(("server-1/web,server-2/web", "502,200", "200"), (balancer.Groups["upstream"].Value, balancer.Groups["upstatus"].Value, balancer.Groups["status"].Value));
        }
        finally
        {
            await fixture.Site.RunOkAsync("start", "server-1/web");
        }
    }

    [Fact]
    public async Task Access_log_of_a_node_without_one_is_bad_input()
    {
        var app = await fixture.Site.RunAsync("logs", "server-1/app", "--access");
        var db = await fixture.Site.RunAsync("logs", "server-1/db", "--access");

        Assert.True(app.ExitCode == 2, app.ToString());
        Assert.Contains("keeps no access log", app.ToString(), StringComparison.Ordinal);
        Assert.True(db.ExitCode == 2, db.ToString());
    }

    [Fact]
    public async Task Rate_of_a_server_counts_its_requests_per_second()
    {
        await GetAsync("/robots.txt?marker=rate");
        await LoggedAsync("lb-01/balancer", "marker=rate");

        var rate = await fixture.Site.RunOkAsync("logs", "lb-01", "--access", "--rate", "--seconds", "30");

        Assert.Contains("==> lb-01/balancer", rate.Output, StringComparison.Ordinal);
        Assert.Contains("req/s over the last 30 s", rate.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Burst_rotates_the_access_logs_losing_and_splitting_no_line()
    {
        const int requests = 400;
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = 8 });
        var statuses = new int[requests];
        await Parallel.ForEachAsync(Enumerable.Range(0, requests), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, cancellation) =>
        {
            using var response = await client.GetAsync(new Uri(fixture.Site.Url, $"/robots.txt?burst={i}"), cancellation);
            statuses[i] = (int)response.StatusCode;
        });
        Assert.All(statuses, status => Assert.Equal(200, status));

        await TestSite.EventuallyAsync(() => Task.FromResult(Burst("lb-01/balancer").Count >= requests), s_patience, "the balancer logged the burst");
        await TestSite.EventuallyAsync(() => Task.FromResult(Burst("server-1/web").Count + Burst("server-2/web").Count >= requests), s_patience, "the web servers logged the burst");

        var balancer = Burst("lb-01/balancer");
        var web = Burst("server-1/web").Concat(Burst("server-2/web")).ToList();
        Assert.All(balancer.Concat(web), line => Assert.Matches(CombinedLine(), line));
        Assert.Equal(Enumerable.Range(0, requests), balancer.Select(BurstNumber).Order());
        Assert.Equal(Enumerable.Range(0, requests), web.Select(BurstNumber).Order());

        var files = fixture.AccessLogFiles("lb-01/balancer");
        Assert.True(files.Count > 2, $"the balancer's access log was not rotated: {string.Join(", ", files)}");
        Assert.All(files, file => Assert.True(new FileInfo(file).Length <= AccessLogSiteFixture.MaxSize, $"{file} is larger than max_size"));
    }

    private List<string> Burst(string node) => [.. fixture.AccessLogLines(node).Where(l => l.Contains("?burst=", StringComparison.Ordinal))];

    private static int BurstNumber(string line)
    {
        var request = CombinedLine().Match(line).Groups["request"].Value;
        return int.Parse(request[(request.IndexOf('=', StringComparison.Ordinal) + 1)..request.IndexOf(' ', 4)], CultureInfo.InvariantCulture);
    }

    private Task<RawResponse> GetAsync(string target, string headers = "") =>
        RawHttp.SendAsync(fixture.Balancer, $"GET {target} HTTP/1.1\r\nHost: www.foobar.com\r\n{headers}Connection: close\r\n\r\n", fixture.Client);

    /// <summary>The line of <paramref name="node"/>'s access log holding <paramref name="marker"/>, once the writer has written it.</summary>
    private async Task<string> LoggedAsync(string node, string marker)
    {
        string? line = null;
        await TestSite.EventuallyAsync(
            () => Task.FromResult((line = fixture.AccessLogLines(node).FirstOrDefault(l => l.Contains(marker, StringComparison.Ordinal))) is not null),
            s_patience,
            $"{node}'s access log holds {marker}");
        return line!;
    }

    [GeneratedRegex("""^(?<addr>[0-9.]+) - - \[\d{2}/[A-Z][a-z]{2}/\d{4}:\d{2}:\d{2}:\d{2} \+0000\] "(?<request>[^"]*)" (?<status>\d{3}) (?<bytes>\d+) "(?<referer>[^"]*)" "(?<agent>[^"]*)" upstream_addr=(?<upstream>\S+) upstream_status=(?<upstatus>\S+) request_time=\d+\.\d{3} upstream_response_time=(\S+)$""")]
    private static partial Regex CombinedLine();
}
