using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WebInfra.FunctionalTests.Infrastructure;

namespace WebInfra.FunctionalTests.Examples;

/// <summary>
/// What every shipped example must do, through the whole site (balancer, web servers, the user's application as
/// WebInfra runs it, the database endpoints, MariaDB): write and read, survive the loss of <see cref="Lost"/> under writes
/// with no acknowledged write lost, have its application restarted when its process dies, and keep the application's
/// admin endpoint closed to callers without a token.
/// </summary>
public abstract class ExampleSiteTests
{
    private static readonly TimeSpan s_writing = TimeSpan.FromSeconds(10);
    private const int MaxWrites = 400;

    private protected ExampleSiteTests(TestSite site) => Site = site;

    private protected TestSite Site { get; }

    /// <summary>What the loss test kills while notes are written: a database node, or a whole server.</summary>
    protected abstract string Lost { get; }

    [Fact]
    public async Task A_note_written_through_the_site_is_read_back_and_listed()
    {
        var text = $"note {Guid.NewGuid():N}";
        using var written = await Site.Http.PostAsJsonAsync(new Uri(Site.Url, "/notes"), new { text });
        Assert.Equal(HttpStatusCode.Created, written.StatusCode);
        var id = (await written.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        using var read = await Site.GetAsync($"/notes/{id}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(text, (await read.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("text").GetString());

        using var page = await Site.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains(text, await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var style = await Site.GetAsync("/style.css");
        Assert.Equal(HttpStatusCode.OK, style.StatusCode);
        Assert.Equal("text/css", style.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_applications_pages_and_the_sites_files_are_served_compressed()
    {
        // Three long notes make the page larger than the smallest size compressed (1 KiB).
        for (var i = 0; i < 3; i++)
        {
            using var written = await Site.Http.PostAsJsonAsync(new Uri(Site.Url, "/notes"), new { text = new string('x', 400) });
            Assert.Equal(HttpStatusCode.Created, written.StatusCode);
        }

        foreach (var (path, coding) in new[] { ("/", "gzip"), ("/style.css", "br") })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Site.Url, path));
            request.Headers.AcceptEncoding.ParseAdd(coding);
            using var response = await Site.Http.SendAsync(request);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal([coding], response.Content.Headers.ContentEncoding);
            Assert.Contains("Accept-Encoding", response.Headers.Vary);
        }
    }

    [Fact]
    public async Task The_application_sees_the_clients_address_not_the_one_the_client_claims()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Site.Url, "/notes")) { Content = JsonContent.Create(new { text = "who am I" }) };
        request.Headers.Add("X-Forwarded-For", "203.0.113.66");
        request.Headers.Add("Forwarded", "for=203.0.113.66");
        using var written = await Site.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, written.StatusCode);
        var id = (await written.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        using var read = await Site.GetAsync($"/notes/{id}");

        // The test connects from 127.0.0.1; the application records the first address of X-Forwarded-For.
        Assert.Equal("127.0.0.1", (await read.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("client").GetString());
    }

    [Fact]
    public async Task Web_servers_log_the_balancer_by_its_servers_address_not_the_machines()
    {
        using (await Site.GetAsync("/style.css"))
        {
        }

        var balancer = WebInfra.Topology.Loading.TopologyLoader.Load(Site.TopologyPath).FindComponent("lb-01/balancer")!.Address.ToString();
        await TestSite.EventuallyAsync(async () =>
        {
            var logs = await Site.RunOkAsync("logs", "server-1", "--access", "-n", "20");
            var more = await Site.RunOkAsync("logs", "server-2", "--access", "-n", "20");
            return (logs.Output + more.Output).Contains($"{balancer} - - [", StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(5), $"a web server logs a request from the balancer's address {balancer}");
        var all = (await Site.RunOkAsync("logs", "server-1", "--access", "-n", "200")).Output + (await Site.RunOkAsync("logs", "server-2", "--access", "-n", "200")).Output;
        Assert.DoesNotContain("\n127.0.0.1 - - [", all, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_acknowledged_write_is_lost_when_the_primary_dies_under_writes()
    {
        var acknowledged = new List<long>();
        var (sent, failed, ackedAfterKill) = (0, 0, 0);
        var killing = KillAfterAsync(TimeSpan.FromSeconds(2));
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < s_writing && sent < MaxWrites)
        {
            sent++;
            try
            {
                using var response = await Site.Http.PostAsJsonAsync(new Uri(Site.Url, "/notes"), new { text = $"write {sent}" });
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    acknowledged.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64());
                    ackedAfterKill += killing.IsCompleted ? 1 : 0;
                }
                else
                {
                    failed++;
                }
            }
            catch (HttpRequestException)
            {
                failed++;
            }

            await Task.Delay(20);
        }

        await killing;
        var lost = new List<long>();
        foreach (var id in acknowledged)
        {
            using var read = await Site.GetAsync($"/notes/{id}");
            if (read.StatusCode != HttpStatusCode.OK)
            {
                lost.Add(id);
            }
        }

        Assert.True(lost.Count == 0, $"{lost.Count} of {acknowledged.Count} acknowledged writes lost after killing {Lost} (sent {sent}, failed {failed}): {string.Join(", ", lost.Take(10))}");
        Assert.True(ackedAfterKill > 0, $"no write was acknowledged after {Lost} was killed (sent {sent}, failed {failed})");
        Assert.True(failed <= 3, $"{failed} of {sent} writes failed around the loss of {Lost}; the writer endpoint should have held them until the new primary");
        using var status = await Site.StatusAsync();
        var primary = status.RootElement.GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("role").GetString() == "db-primary");
        Assert.Equal("server-2/db", primary.GetProperty("name").GetString());
    }

    [Fact]
    public async Task The_application_is_started_again_when_its_process_dies()
    {
        var before = await ApplicationAsync("server-2/app");
        var pid = before.GetProperty("pid").GetInt32();
        using (var process = Process.GetProcessById(pid))
        {
            process.Kill();
        }

        await TestSite.EventuallyAsync(async () =>
        {
            var now = await ApplicationAsync("server-2/app");
            return now.GetProperty("phase").GetString() == "serving" && now.GetProperty("pid").GetInt32() != pid
                && now.GetProperty("restarts").GetInt32() == before.GetProperty("restarts").GetInt32() + 1;
        }, TimeSpan.FromSeconds(20), "server-2/app's application serves again from a new process");

        var component = (await Site.StatusAsync()).RootElement.GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("name").GetString() == "server-2/app");
        Assert.Equal("up", component.GetProperty("state").GetString());
        var metrics = await Site.GetAdminStringAsync(new Uri($"http://{AdminAuthority("server-2/app")}/metrics"));
        Assert.Contains($"webinfra_application_restarts_total {before.GetProperty("restarts").GetInt32() + 1}", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_application_admin_endpoint_refuses_callers_without_a_token()
    {
        var uri = new Uri($"http://{AdminAuthority("server-2/app")}/application");
        using var anonymous = await Site.SendAdminAsync(HttpMethod.Get, uri, token: string.Empty);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using var forged = await Site.SendAdminAsync(HttpMethod.Get, uri, token: "not-the-token");
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        using var read = await Site.SendAdminAsync(HttpMethod.Get, uri);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }

    private async Task KillAfterAsync(TimeSpan delay)
    {
        await Task.Delay(delay);
        await Site.RunOkAsync("kill", Lost);
    }

    private async Task<JsonElement> ApplicationAsync(string component)
    {
        using var status = await Site.StatusAsync();
        return status.RootElement.GetProperty("applications").EnumerateArray()
            .Single(a => a.GetProperty("component").GetString() == component).Clone();
    }

    private string AdminAuthority(string component)
    {
        var topology = WebInfra.Topology.Loading.TopologyLoader.Load(Site.TopologyPath);
        return topology.FindComponent(component)!.AdminEndPoint!.ToString();
    }
}
