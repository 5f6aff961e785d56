using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WebInfra.FunctionalTests.Infrastructure;

namespace WebInfra.FunctionalTests.Monitoring;

/// <summary>
/// Every component's <c>/metrics</c>, scraped over HTTP from its admin listener while requests go through a real
/// site: what each tier counts must add up to what the test sent, exactly, and the state gauges must follow a killed
/// member. Counters are compared before and after, so the tests pass in any order.
/// </summary>
public sealed class MetricsTests(MetricsSiteFixture fixture) : IClassFixture<MetricsSiteFixture>, IDisposable
{
    private static readonly TimeSpan s_settle = TimeSpan.FromSeconds(15);
    private static readonly string[] s_webServers = ["server-1/web", "server-2/web"];
    private static readonly string[] s_appServers = ["server-1/app", "server-2/app"];

    // No cookie jar: a write's GTID cookie would make the reads after it wait for the write on the replica.
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false, UseCookies = false }) { Timeout = TimeSpan.FromSeconds(10) };

    private TestSite Site => fixture.Site;

    [Fact]
    public async Task Metrics_are_served_on_every_admin_listener_and_on_no_public_one()
    {
        string[] publicListeners = ["http://127.0.11.10:18080/", "http://127.0.11.10:18090/", "http://127.0.11.1:18081/", "http://127.0.11.1:18082/"];
        foreach (var listener in publicListeners)
        {
            using var response = await _http.GetAsync(new Uri(new Uri(listener), "/metrics"));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.DoesNotContain("webinfra_", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        foreach (var component in (string[])["lb-01/balancer", "lb-01/monitor", .. s_webServers, .. s_appServers])
        {
            var metrics = await Site.GetAdminStringAsync(new Uri(MetricsSiteFixture.Admin(component), "/metrics"));
            Assert.Contains("# TYPE webinfra_http_requests_total counter", metrics, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Balancer_counts_each_request_on_the_member_it_sent_it_to_and_web_servers_count_files_apart_from_forwarded_requests()
    {
        await WaitUntilEveryMemberIsUpAsync();
        var balancerBefore = await ScrapeAsync("lb-01/balancer");
        var webBefore = await ScrapeAllAsync(s_webServers);

        for (var i = 0; i < 20; i++)
        {
            using var response = await _http.GetAsync(new Uri(MetricsSiteFixture.Balancer, "/robots.txt"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        for (var i = 0; i < 4; i++)
        {
            using var response = await _http.GetAsync(new Uri(MetricsSiteFixture.Balancer, "/api/posts?limit=1"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var balancer = await ScrapeAsync("lb-01/balancer");
        var web = await ScrapeAllAsync(s_webServers);

        // Round robin over two members alternates: 24 requests, 12 each; nothing failed, so nothing was retried.
        foreach (var member in s_webServers)
        {
            Assert.Equal(12, Delta(balancerBefore, balancer, "webinfra_backend_requests_total", ("backend", "web"), ("member", member)));
        }

        Assert.Equal(0, Delta(balancerBefore, balancer, "webinfra_backend_retries_total", ("backend", "web")));
        Assert.Equal(24, Delta(balancerBefore, balancer, "webinfra_http_requests_total", ("class", "forwarded"), ("code", "200")));

        // Each web server served 10 files itself and forwarded 2 API requests, each to one application server.
        foreach (var server in s_webServers)
        {
            Assert.Equal(10, Delta(webBefore[server], web[server], "webinfra_http_requests_total", ("class", "static"), ("code", "200")));
            Assert.Equal(2, Delta(webBefore[server], web[server], "webinfra_http_requests_total", ("class", "forwarded"), ("code", "200")));
            Assert.Equal(2, s_appServers.Sum(app => Delta(webBefore[server], web[server], "webinfra_backend_requests_total", ("backend", "app"), ("member", app))));
        }
    }

    [Fact]
    public async Task Application_counts_writes_on_the_primary_and_reads_on_the_replica()
    {
        var id = await CreatePostAsync("metrics");
        await WaitUntilTheReplicaHasEverythingAsync();

        // Each application server notices the replica within its observation interval; until then it reads from the primary.
        await TestSite.EventuallyAsync(
            async () =>
            {
                var before = await ScrapeAllAsync(s_appServers);
                await ReadPostAsync(id, times: 4);
                return Queries(before, await ScrapeAllAsync(s_appServers), "server-2/db", "replica") == 4;
            },
            s_settle,
            "both application servers read from the replica");
        var appBefore = await ScrapeAllAsync(s_appServers);

        await CreatePostAsync("metrics 1");
        await CreatePostAsync("metrics 2");
        await ReadPostAsync(id, times: 6);
        var app = await ScrapeAllAsync(s_appServers);

        Assert.Equal(2, Queries(appBefore, app, "server-1/db", "primary"));
        Assert.Equal(0, Queries(appBefore, app, "server-1/db", "replica"));
        Assert.Equal(6, Queries(appBefore, app, "server-2/db", "replica"));
        Assert.Equal(0, Queries(appBefore, app, "server-2/db", "primary"));
        foreach (var node in (string[])["server-1/db", "server-2/db"])
        {
            Assert.Equal(0, s_appServers.Sum(server => Delta(appBefore[server], app[server], "webinfra_app_query_errors_total", ("node", node))));
        }
    }

    [Fact]
    public async Task Monitor_reports_both_database_nodes_up_in_their_roles_and_no_failover()
    {
        await CreatePostAsync("monitored");
        await WaitUntilTheReplicaHasEverythingAsync();

        var monitor = await ScrapeAsync("lb-01/monitor");

        Assert.Equal(1, monitor.Find("webinfra_db_node_up", ("node", "server-1/db")));
        Assert.Equal(1, monitor.Find("webinfra_db_node_up", ("node", "server-2/db")));
        Assert.Equal(1, monitor.Find("webinfra_db_node_role", ("node", "server-1/db"), ("role", "primary")));
        Assert.Equal(0, monitor.Find("webinfra_db_node_role", ("node", "server-1/db"), ("role", "replica")));
        Assert.Equal(1, monitor.Find("webinfra_db_node_role", ("node", "server-2/db"), ("role", "replica")));
        Assert.Equal(0, monitor.Find("webinfra_db_node_role", ("node", "server-2/db"), ("role", "primary")));
        Assert.NotNull(monitor.Find("webinfra_db_replication_lag_seconds", ("node", "server-2/db")));
        Assert.Null(monitor.Find("webinfra_db_replication_lag_seconds", ("node", "server-1/db")));
        Assert.True(monitor.Find("webinfra_db_gtid_sequence", ("node", "server-1/db"), ("domain", "0")) > 0);
        Assert.Equal(0, monitor.Find("webinfra_db_failovers_total"));
        Assert.Null(monitor.Find("webinfra_db_last_failover_seconds"));
    }

    [Fact]
    public async Task Killed_web_server_is_down_on_the_balancer_and_counted_as_one_ejection()
    {
        await WaitUntilEveryMemberIsUpAsync();
        var before = await ScrapeAsync("lb-01/balancer");

        await RunAsync("kill", "server-2/web");
        try
        {
            await TestSite.EventuallyAsync(
                async () => (await ScrapeAsync("lb-01/balancer")).Find("webinfra_backend_member_up", ("backend", "web"), ("member", "server-2/web")) == 0,
                s_settle,
                "the balancer reports server-2/web down");
            var after = await ScrapeAsync("lb-01/balancer");

            Assert.Equal(1, Delta(before, after, "webinfra_backend_ejections_total", ("backend", "web"), ("member", "server-2/web")));
            Assert.Equal(0, Delta(before, after, "webinfra_backend_ejections_total", ("backend", "web"), ("member", "server-1/web")));
            Assert.Equal(1, after.Find("webinfra_backend_member_up", ("backend", "web"), ("member", "server-1/web")));
            Assert.Equal(1, after.Find("webinfra_backend_members_available", ("backend", "web")));
        }
        finally
        {
            await RunAsync("start", "server-2/web");
        }

        await WaitUntilEveryMemberIsUpAsync();
    }

    public void Dispose() => _http.Dispose();

    private static double Delta(MetricsScrape before, MetricsScrape after, string name, params (string Name, string Value)[] labels) =>
        after.Value(name, labels) - before.Value(name, labels);

    /// <summary>The queries both application servers sent to <paramref name="node"/> in <paramref name="role"/> between two scrapes.</summary>
    private static double Queries(Dictionary<string, MetricsScrape> before, Dictionary<string, MetricsScrape> after, string node, string role) =>
        s_appServers.Sum(server => Delta(before[server], after[server], "webinfra_app_queries_total", ("node", node), ("role", role)));

    private async Task<MetricsScrape> ScrapeAsync(string component) =>
        MetricsScrape.Parse(await Site.GetAdminStringAsync(new Uri(MetricsSiteFixture.Admin(component), "/metrics")));

    private async Task<Dictionary<string, MetricsScrape>> ScrapeAllAsync(IEnumerable<string> components)
    {
        var scrapes = new Dictionary<string, MetricsScrape>(StringComparer.Ordinal);
        foreach (var component in components)
        {
            scrapes[component] = await ScrapeAsync(component);
        }

        return scrapes;
    }

    private async Task<ulong> CreatePostAsync(string body)
    {
        using var response = await _http.PostAsJsonAsync(new Uri(MetricsSiteFixture.Balancer, "/api/posts"), new { author = "metrics", body });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var post = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return post.RootElement.GetProperty("id").GetUInt64();
    }

    private async Task ReadPostAsync(ulong id, int times)
    {
        for (var i = 0; i < times; i++)
        {
            using var response = await _http.GetAsync(new Uri(MetricsSiteFixture.Balancer, $"/api/posts/{id}"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    /// <summary>Waits until the monitor sees the replica at the primary's GTID: a read then never has to ask the primary.</summary>
    private Task WaitUntilTheReplicaHasEverythingAsync() =>
        TestSite.EventuallyAsync(
            async () =>
            {
                var monitor = await ScrapeAsync("lb-01/monitor");
                var primary = monitor.Find("webinfra_db_gtid_sequence", ("node", "server-1/db"), ("domain", "0"));
                return primary is not null && primary == monitor.Find("webinfra_db_gtid_sequence", ("node", "server-2/db"), ("domain", "0"));
            },
            s_settle,
            "the replica has applied every write of the primary");

    private Task WaitUntilEveryMemberIsUpAsync() =>
        TestSite.EventuallyAsync(
            async () => (await ScrapeAsync("lb-01/balancer")).Find("webinfra_backend_members_available", ("backend", "web")) == 2,
            s_settle,
            "both web servers take traffic");

    private async Task RunAsync(string command, string component)
    {
        var result = await Site.RunAsync(command, component);
        Assert.True(result.ExitCode == 0, result.ToString());
    }
}
