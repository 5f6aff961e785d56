using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WebInfra.FunctionalTests.Infrastructure;

namespace WebInfra.FunctionalTests.App;

/// <summary>
/// A whole server dies under load: its web server, its application server and the primary database node at once, as
/// when a host fails. The site must not fail a single read, before, during or after the monitor's failover, but for
/// the responses server-1 had begun to send when it died.
/// </summary>
public sealed class ServerLossTests(ServerLossSiteFixture fixture) : IClassFixture<ServerLossSiteFixture>, IDisposable
{
    private const int Connections = 8;

    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false, UseCookies = false }) { Timeout = TimeSpan.FromSeconds(10) };

    private TestSite Site => fixture.Site;

    [Fact]
    public async Task Killing_the_server_that_holds_the_primary_fails_no_read_of_the_board_or_a_post()
    {
        var post = await PostAsync("written before the server dies");
        await TestSite.EventuallyAsync(async () => (await _http.GetAsync(new Uri(Site.Url, $"/api/posts/{post}"))).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(10), "the post is readable");

        await using var load = GetLoad.Start(_http, Site.Url, ["/", $"/api/posts/{post}", "/api/posts?limit=5"], Connections);
        await load.UntilServedAsync(200);
        await Site.RunOkAsync("kill", "server-1");

        // Until the monitor has promoted server-2/db, and for a while after: every read goes on.
        await TestSite.EventuallyAsync(async () => (await PrimaryAsync()) == "server-2/db", TimeSpan.FromSeconds(15), "server-2/db is the primary");
        var answeredAtPromotion = load.Count;
        await load.UntilServedAsync(answeredAtPromotion + 200);
        var results = await load.StopAsync();

        // A response that had begun to come from server-1 when it died ends early, as it would through HAProxy: nobody
        // can send it again. Only the ones in flight at that moment may (one per connection); any other failure fails.
        Assert.Empty(results.Failures.Except(results.Cuts));
        Assert.True(results.Cuts.Count <= Connections, $"{results.Cuts.Count} responses were cut, more than the {Connections} in flight: {string.Join("; ", results.Cuts)}");
        Assert.All(results.ServedByFrom(results.ServedBy.Count - 100), s => Assert.Equal("server-2/web", s));
    }

    public void Dispose() => _http.Dispose();

    private async Task<ulong> PostAsync(string body)
    {
        using var response = await _http.PostAsJsonAsync(new Uri(Site.Url, "/api/posts"), new { author = "chaos", body });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.GetProperty("id").GetUInt64();
    }

    private async Task<string?> PrimaryAsync()
    {
        var status = await Site.RunAsync("db", "status", "--json");
        using var document = JsonDocument.Parse(status.Output);
        return document.RootElement.TryGetProperty("primary", out var primary) ? primary.GetString() : null;
    }
}
