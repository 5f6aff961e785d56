using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WebInfra.FunctionalTests.Infrastructure;

namespace WebInfra.FunctionalTests.Site;

/// <summary>The distributed design end to end: client, balancer, web servers, application servers, primary and replica.</summary>
public sealed class DistributedSiteTests(DistributedSiteFixture fixture) : IClassFixture<DistributedSiteFixture>
{
    private const string Primary = "127.0.2.1";
    private const string Replica = "127.0.2.2";
    private const int DatabasePort = 13306;

    private TestSite Site => fixture.Site;

    [Fact]
    public async Task Twenty_requests_through_the_balancer_alternate_between_the_two_web_servers()
    {
        await WaitUntilBothWebServersServeAsync();
        var webServers = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            using var response = await Site.GetAsync("/");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var servedBy = TestSite.ServedBy(response);
            Assert.Equal("lb-01/balancer", servedBy[0]);
            webServers.Add(servedBy[1]);
        }

        for (var i = 1; i < webServers.Count; i++)
        {
            Assert.NotEqual(webServers[i - 1], webServers[i]);
        }

        Assert.Equal(10, webServers.Count(w => w == "server-1/web"));
        Assert.Equal(10, webServers.Count(w => w == "server-2/web"));
    }

    [Fact]
    public async Task Dynamic_request_passes_balancer_web_server_and_application_server()
    {
        using var response = await Site.GetAsync("/api/posts?limit=1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var servedBy = TestSite.ServedBy(response);
        Assert.Equal(3, servedBy.Count);
        Assert.Equal("lb-01/balancer", servedBy[0]);
        Assert.Matches("^server-[12]/web$", servedBy[1]);
        Assert.Matches("^server-[12]/app$", servedBy[2]);
    }

    [Fact]
    public async Task Static_file_is_answered_by_the_web_server_without_reaching_an_application_server()
    {
        using var response = await Site.GetAsync("/static/css/site.css");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/css", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(response.Headers.ETag);
        Assert.NotNull(response.Content.Headers.LastModified);
        Assert.Equal("public, max-age=300", response.Headers.CacheControl?.ToString());
        var servedBy = TestSite.ServedBy(response);
        Assert.Equal(2, servedBy.Count);
        Assert.Matches("^server-[12]/web$", servedBy[1]);

        using var conditional = new HttpRequestMessage(HttpMethod.Get, new Uri(Site.Url, "/static/css/site.css"));
        conditional.Headers.IfNoneMatch.Add(response.Headers.ETag!);
        using var revalidated = await Site.Http.SendAsync(conditional);
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
    }

    [Fact]
    public async Task Post_is_written_on_the_primary_and_read_back_from_the_replica()
    {
        await using var primary = await Site.OpenDatabaseAsync(Primary, DatabasePort);
        await using var replica = await Site.OpenDatabaseAsync(Replica, DatabasePort);
        var primaryInserts = await TestSite.StatusCounterAsync(primary, "Com_insert");

        using var created = await Site.Http.PostAsJsonAsync(new Uri(Site.Url, "/api/posts"), new { author = "ada", body = "Hello from the functional tests" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var post = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        var id = post.RootElement.GetProperty("id").GetInt64();
        Assert.Equal($"/api/posts/{id}", created.Headers.Location?.ToString());

        // The INSERT was a statement on the primary, and the transaction it wrote carries the primary's server id
        // (GTID domain-server-sequence): it originated there, not on the replica.
        Assert.Equal(primaryInserts + 1, await TestSite.StatusCounterAsync(primary, "Com_insert"));
        var written = await TestSite.VariableAsync(primary, "gtid_binlog_pos");
        Assert.Equal(await TestSite.VariableAsync(primary, "server_id"), written.Split('-')[1]);
        await TestSite.EventuallyAsync(async () => await TestSite.VariableAsync(replica, "gtid_slave_pos") == written, TimeSpan.FromSeconds(10), "the replica applied the post");
        var primarySelects = await TestSite.StatusCounterAsync(primary, "Com_select");
        var replicaSelects = await TestSite.StatusCounterAsync(replica, "Com_select");

        using var read = await Site.GetAsync($"/api/posts/{id}");

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        using var readBack = JsonDocument.Parse(await read.Content.ReadAsStringAsync());
        Assert.Equal("ada", readBack.RootElement.GetProperty("author").GetString());
        Assert.Equal("Hello from the functional tests", readBack.RootElement.GetProperty("body").GetString());
        Assert.True(await TestSite.StatusCounterAsync(replica, "Com_select") > replicaSelects, "the read reached the replica");
        Assert.Equal(primarySelects, await TestSite.StatusCounterAsync(primary, "Com_select"));
    }

    [Fact]
    public async Task Home_page_lists_the_newest_posts_html_encoded()
    {
        using var created = await Site.Http.PostAsJsonAsync(new Uri(Site.Url, "/api/posts"), new { author = "<b>mallory</b>", body = "<script>alert(1)</script>" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        string page = string.Empty;
        await TestSite.EventuallyAsync(async () =>
        {
            page = await Site.Http.GetStringAsync(new Uri(Site.Url, "/"));
            return page.Contains("&lt;b&gt;mallory&lt;/b&gt;", StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(10), "the home page shows the new post");

        Assert.DoesNotContain("<script>alert(1)</script>", page, StringComparison.Ordinal);
        Assert.Contains("/static/css/site.css", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_post_is_answered_400_with_problem_details()
    {
        using var response = await Site.Http.PostAsJsonAsync(new Uri(Site.Url, "/api/posts"), new { author = "", body = "x" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(problem.RootElement.TryGetProperty("errors", out var errors) && errors.EnumerateObject().Any(), problem.RootElement.ToString());
    }

    [Fact]
    public async Task Unknown_post_is_answered_404()
    {
        using var response = await Site.GetAsync("/api/posts/987654321");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Status_reports_every_node_up_with_its_role_address_and_pid()
    {
        using var status = await Site.StatusAsync();

        var nodes = status.RootElement.GetProperty("nodes").EnumerateArray().ToList();
        Assert.Equal("http://127.0.2.10:18080", status.RootElement.GetProperty("site").GetString());
        Assert.Equal(
            ["lb-01/balancer:balancer", "server-1/web:web", "server-1/app:app", "server-1/db:db-primary", "server-2/web:web", "server-2/app:app", "server-2/db:db-replica"],
            nodes.Select(n => $"{n.GetProperty("name").GetString()}:{n.GetProperty("role").GetString()}"));
        Assert.All(nodes, n => Assert.Equal("up", n.GetProperty("state").GetString()));
        Assert.All(nodes, n => Assert.True(n.GetProperty("pid").GetInt32() > 1));
        Assert.Equal("127.0.2.2:18081", nodes[4].GetProperty("address").GetString());
        Assert.Equal("server-2", nodes[4].GetProperty("server").GetString());
    }

    [Fact]
    public async Task Killed_web_server_is_skipped_after_its_health_check_fails()
    {
        await WaitUntilBothWebServersServeAsync();
        var kill = await Site.RunAsync("kill", "server-2/web");
        Assert.True(kill.ExitCode == 0, kill.ToString());
        Assert.Equal("down", (await Site.NodeStatesAsync())["server-2/web"]);

        // fall (2) x interval (200ms) plus one timeout: after that the balancer must have taken it out.
        await Task.Delay(TimeSpan.FromMilliseconds(2 * 200 + 150 + 400));
        for (var i = 0; i < 10; i++)
        {
            using var response = await Site.GetAsync("/");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("server-1/web", TestSite.ServedBy(response)[1]);
        }

        var start = await Site.RunAsync("start", "server-2/web");
        Assert.True(start.ExitCode == 0, start.ToString());
        await WaitUntilBothWebServersServeAsync();
    }

    [Fact]
    public async Task Sql_command_runs_a_statement_on_a_database_node()
    {
        var result = await Site.RunAsync("sql", "server-2/db", "SHOW GLOBAL VARIABLES LIKE 'read_only'");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("read_only", result.Output, StringComparison.Ordinal);
        Assert.Contains("ON", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logs_command_shows_a_nodes_log()
    {
        var result = await Site.RunAsync("logs", "server-1/app");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("server-1-app.log", result.Output, StringComparison.Ordinal);
    }

    private Task WaitUntilBothWebServersServeAsync() => TestSite.EventuallyAsync(async () =>
    {
        var seen = new HashSet<string>();
        for (var i = 0; i < 4; i++)
        {
            try
            {
                using var response = await Site.GetAsync("/static/css/site.css");
                if (TestSite.ServedBy(response) is [_, var web, ..])
                {
                    seen.Add(web);
                }
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }

        return seen.Count == 2;
    }, TimeSpan.FromSeconds(15), "both web servers take traffic");
}
