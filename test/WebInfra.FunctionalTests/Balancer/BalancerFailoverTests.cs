using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WebInfra.FunctionalTests.Infrastructure;

namespace WebInfra.FunctionalTests.Balancer;

/// <summary>
/// What the balancer does when members die or are taken out: backups, passive ejection, retries, drain, and the
/// answer when no member is left. Every test runs load or requests through a real balancer while real web server
/// processes are killed, and puts back what it changed.
/// </summary>
public sealed class BalancerFailoverTests(FailoverSiteFixture fixture) : IClassFixture<FailoverSiteFixture>, IDisposable
{
    private static readonly TimeSpan s_settle = TimeSpan.FromSeconds(15);

    /// <summary>Keep-alive connections, as browsers and wrk use them: a killed member breaks connections in use.</summary>
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(10) };

    private TestSite Site => fixture.Site;

    [Fact]
    public async Task Backup_takes_over_when_the_active_member_dies_and_hands_back_when_it_returns_with_no_failed_request()
    {
        Assert.All(await WebServersAsync(BalancerTopologies.Backup, 6), s => Assert.Equal("server-1/web", s));

        await using var load = GetLoad.Start(_http, BalancerTopologies.Backup, ["/robots.txt"], connections: 4);
        await Site.RunOkAsync("kill", "server-1/web");
        await EventuallyServedOnlyByAsync(BalancerTopologies.Backup, "server-2/web");
        await Site.RunOkAsync("start", "server-1/web");
        await EventuallyServedOnlyByAsync(BalancerTopologies.Backup, "server-1/web");
        var results = await load.StopAsync();

        Assert.Empty(results.Failures);
        Assert.Contains("server-2/web", results.ServedBy);
    }

    [Fact]
    public async Task Killed_member_is_ejected_by_the_first_failed_request_long_before_the_probes_notice_and_the_POST_is_redispatched()
    {
        await Site.RunOkAsync("kill", "server-3/web");

        // The first request to server-3 cannot connect: that member is out at once, and the post goes to server-4.
        var answers = new List<(HttpStatusCode Status, string? WebServer)>();
        for (var i = 0; i < 2; i++)
        {
            using var response = await _http.PostAsJsonAsync(new Uri(BalancerTopologies.Retry, "/api/posts"), new { author = "chaos", body = $"redispatched {i}" });
            answers.Add((response.StatusCode, WebServerOf(response)));
        }

        var member = await MemberAsync(BalancerTopologies.Retry, "server-3/web");
        Assert.All(answers, a => Assert.Equal((HttpStatusCode.Created, "server-4/web"), a));
        Assert.Equal("down", member.GetProperty("health").GetString());

        await Site.RunOkAsync("start", "server-3/web");
        await TestSite.EventuallyAsync(async () => (await WebServersAsync(BalancerTopologies.Retry, 4)).Contains("server-3/web"), s_settle, "the probes bring server-3/web back");
    }

    [Fact]
    public async Task No_GET_fails_when_a_member_is_killed_with_requests_in_flight()
    {
        await using var load = GetLoad.Start(_http, BalancerTopologies.Retry, ["/api/posts?limit=20"], connections: 8);
        await load.UntilServedAsync(200);
        await Site.RunOkAsync("kill", "server-4/web");
        await load.UntilServedAsync(load.Count + 200);
        var results = await load.StopAsync();

        Assert.Empty(results.Failures);
        Assert.Contains("server-4/web", results.ServedBy);
        Assert.Contains("server-3/web", results.ServedBy);
        await Site.RunOkAsync("start", "server-4/web");
    }

    [Fact]
    public async Task Drained_member_gets_no_new_requests_and_is_stopped_without_a_failed_request()
    {
        await using var load = GetLoad.Start(_http, BalancerTopologies.Drain, ["/api/posts?limit=5"], connections: 4);
        await load.UntilServedAsync(50);

        var drain = await Site.RunAsync("drain", "server-5/web");
        Assert.True(drain.ExitCode == 0, drain.ToString());
        var afterDrain = load.Count;
        await Site.RunOkAsync("kill", "server-5/web");
        await load.UntilServedAsync(load.Count + 100);
        var results = await load.StopAsync();

        Assert.Empty(results.Failures);
        // A request answered just before the drain returned may be counted just after: skip one per connection.
        Assert.All(results.ServedByFrom(afterDrain + 4), s => Assert.Equal("server-6/web", s));
        Assert.Equal("DRAIN", await StatusStateAsync("lb-drain/balancer", "server-5/web"));

        await Site.RunOkAsync("start", "server-5/web");
        var undrain = await Site.RunAsync("undrain", "server-5/web");
        Assert.True(undrain.ExitCode == 0, undrain.ToString());
        await TestSite.EventuallyAsync(async () => (await WebServersAsync(BalancerTopologies.Drain, 4)).Contains("server-5/web"), s_settle, "undrained server-5/web serves again");
    }

    [Fact]
    public async Task With_every_member_drained_the_balancer_answers_503_with_a_plain_body_that_says_so()
    {
        foreach (var member in new[] { "server-5/web", "server-6/web" })
        {
            Assert.Equal(0, (await Site.RunAsync("drain", member)).ExitCode);
        }

        try
        {
            using var response = await _http.GetAsync(new Uri(BalancerTopologies.Drain, "/robots.txt"));

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("503 Service Unavailable: no server is available to handle this request.\n", await response.Content.ReadAsStringAsync());
        }
        finally
        {
            Assert.Equal(0, (await Site.RunAsync("undrain", "server-5/web")).ExitCode);
            Assert.Equal(0, (await Site.RunAsync("undrain", "server-6/web")).ExitCode);
        }
    }

    [Fact]
    public async Task Draining_a_component_no_backend_lists_is_refused_with_the_members_named()
    {
        var drain = await Site.RunAsync("drain", "server-1/db");

        Assert.Equal(2, drain.ExitCode);
        Assert.Contains("'server-1/db' is not a member of any backend", drain.Error, StringComparison.Ordinal);
        Assert.Contains("server-5/web", drain.Error, StringComparison.Ordinal);
    }

    public void Dispose() => _http.Dispose();

    private async Task<List<string?>> WebServersAsync(Uri balancer, int count)
    {
        var servers = new List<string?>();
        for (var i = 0; i < count; i++)
        {
            using var response = await _http.GetAsync(new Uri(balancer, "/robots.txt"));
            servers.Add(response.IsSuccessStatusCode ? WebServerOf(response) : $"HTTP {(int)response.StatusCode}");
        }

        return servers;
    }

    private Task EventuallyServedOnlyByAsync(Uri balancer, string webServer) =>
        TestSite.EventuallyAsync(async () => (await WebServersAsync(balancer, 5)).All(s => s == webServer), s_settle, $"only {webServer} serves {balancer}");

    /// <summary>A member as the balancer's admin listener reports it (the component's port + 1000).</summary>
    private async Task<JsonElement> MemberAsync(Uri balancer, string member)
    {
        var admin = new UriBuilder(balancer) { Port = balancer.Port + 1000, Path = "/backend" }.Uri;
        using var document = JsonDocument.Parse(await Site.GetAdminStringAsync(admin));
        return document.RootElement.GetProperty("members").EnumerateArray().Single(m => m.GetProperty("name").GetString() == member).Clone();
    }

    private async Task<string?> StatusStateAsync(string seenBy, string member)
    {
        using var status = await Site.StatusAsync();
        return status.RootElement.GetProperty("backends").EnumerateArray()
            .Single(b => b.GetProperty("seen_by").GetString() == seenBy)
            .GetProperty("members").EnumerateArray()
            .Single(m => m.GetProperty("name").GetString() == member)
            .GetProperty("state").GetString();
    }

    private static string? WebServerOf(HttpResponseMessage response) => TestSite.ServedBy(response).ElementAtOrDefault(1);
}
