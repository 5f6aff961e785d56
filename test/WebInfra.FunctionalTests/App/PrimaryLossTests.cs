using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WebInfra.FunctionalTests.Infrastructure;

namespace WebInfra.FunctionalTests.App;

/// <summary>
/// The primary dies while no monitor runs to replace it: the replica, cut off from its primary but holding everything
/// it received, goes on answering every read, a read-your-writes read included, while its data is within
/// <c>max_lag</c> (3 s, <c>during_failover: stale_ok</c>, the default), and reads get 503 with <c>Retry-After</c>
/// after that; writes get 503 until a primary is back; <c>db status</c> says the replica is cut off.
/// </summary>
public sealed class PrimaryLossTests(PrimaryLossSiteFixture fixture) : IClassFixture<PrimaryLossSiteFixture>, IDisposable
{
    // Well within max_lag (3 s) of the replica's last contact with its primary, a moment before the kill.
    private static readonly TimeSpan s_served = TimeSpan.FromSeconds(1.5);

    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false, UseCookies = false }) { Timeout = TimeSpan.FromSeconds(10) };

    private TestSite Site => fixture.Site;

    [Fact]
    public async Task With_the_monitor_stopped_a_dead_primary_leaves_reads_to_the_replica_within_max_lag_and_writes_get_503()
    {
        var (post, gtid) = await PostAsync("written before the primary dies");
        await TestSite.EventuallyAsync(async () => (await GetAsync($"/api/posts/{post}", gtid)).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(10), "the post is readable");

        await Site.RunOkAsync("kill", "lb-01/monitor");
        await Site.RunOkAsync("kill", "server-1/db");

        var reads = 0;
        var until = DateTime.UtcNow + s_served;
        while (DateTime.UtcNow < until)
        {
            foreach (var (path, withGtid) in new[] { ("/", (string?)null), ($"/api/posts/{post}", null), ($"/api/posts/{post}", gtid), ("/api/posts?limit=5", null) })
            {
                using var response = await GetAsync(path, withGtid);
                var body = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} (GTID {withGtid ?? "none"}) after {reads} reads: {(int)response.StatusCode} {body}");
                Assert.Contains("written before the primary dies", body, StringComparison.Ordinal);
                reads++;
            }

            await Task.Delay(100);
        }

        // Past max_lag the replica's data is too old to serve as stale-ok: reads fail clearly rather than grow ever staler.
        // Each application server dates the replica's last contact by its own observation rounds, so the two reach
        // max_lag up to a round apart: wait until four reads in a row (both servers, round robin) say so.
        await TestSite.EventuallyAsync(
            async () =>
            {
                for (var i = 0; i < 4; i++)
                {
                    using var read = await GetAsync("/api/posts?limit=5", null);
                    if (read.StatusCode != HttpStatusCode.ServiceUnavailable)
                    {
                        return false;
                    }
                }

                return true;
            },
            TimeSpan.FromSeconds(10),
            "reads get 503 past max_lag on every application server");
        using (var stale = await GetAsync("/api/posts?limit=5", null))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, stale.StatusCode);
            Assert.NotNull(stale.Headers.RetryAfter);
        }

        using var write = await _http.PostAsJsonAsync(new Uri(Site.Url, "/api/posts"), new { author = "chaos", body = "no primary" });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, write.StatusCode);
        Assert.NotNull(write.Headers.RetryAfter);

        var status = await Site.RunAsync("db", "status");
        Assert.Contains("cut off", status.Output, StringComparison.Ordinal);

        // Back as it was: the primary first, then the monitor, so the monitor finds server-1/db writable again.
        await Site.RunOkAsync("start", "server-1/db");
        await Site.RunOkAsync("start", "lb-01/monitor");
        await TestSite.EventuallyAsync(async () => (await _http.PostAsJsonAsync(new Uri(Site.Url, "/api/posts"), new { author = "chaos", body = "primary back" })).StatusCode == HttpStatusCode.Created, TimeSpan.FromSeconds(20), "writes are taken again");
    }

    public void Dispose() => _http.Dispose();

    private async Task<HttpResponseMessage> GetAsync(string path, string? gtid)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Site.Url, path));
        if (gtid is not null)
        {
            request.Headers.Add("X-WebInfra-Gtid", gtid);
        }

        return await _http.SendAsync(request);
    }

    private async Task<(ulong Id, string Gtid)> PostAsync(string body)
    {
        using var response = await _http.PostAsJsonAsync(new Uri(Site.Url, "/api/posts"), new { author = "chaos", body });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (document.RootElement.GetProperty("id").GetUInt64(), response.Headers.GetValues("X-WebInfra-Gtid").Single());
    }
}
