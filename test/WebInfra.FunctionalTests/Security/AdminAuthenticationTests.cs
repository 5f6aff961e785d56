using System.Net;
using System.Text.Json;
using WebInfra.FunctionalTests.Infrastructure;
using WebInfra.Hosting.Administration;

namespace WebInfra.FunctionalTests.Security;

/// <summary>
/// Every operator interface authenticates its caller, across real sockets and processes: the admin listeners (drain,
/// undrain, switchover, <c>/backend</c>, <c>/cluster</c>, <c>/metrics</c>) and the dashboard, while <c>/healthz</c> stays
/// open and the CLI and the dashboard's sampler keep working with the site's tokens. State is checked with
/// <c>webinfra status</c> and <c>webinfra db status</c>, as an operator would.
/// </summary>
public sealed class AdminAuthenticationTests(AdminAuthenticationSiteFixture fixture) : IClassFixture<AdminAuthenticationSiteFixture>, IDisposable
{
    /// <summary>The failures a source may make before 429 (the limiter's burst).</summary>
    private const int FailureBurst = 10;

    private static readonly Uri s_drain = new(AdminAuthenticationSiteFixture.BalancerAdmin, "/backend/members/server-1/web/drain");
    private static readonly Uri s_undrain = new(AdminAuthenticationSiteFixture.BalancerAdmin, "/backend/members/server-1/web/undrain");
    private static readonly Uri s_switchover = new(AdminAuthenticationSiteFixture.MonitorAdmin, "/switchover?to=server-2/db");

    private readonly HttpClient _anonymous = new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, UseCookies = false })
    {
        Timeout = TimeSpan.FromSeconds(10),
    };

    private TestSite Site => fixture.Site;

    [Theory]
    [InlineData("")]
    [InlineData("not-the-token")]
    public async Task Drain_undrain_and_switchover_without_or_with_a_wrong_credential_answer_401_and_change_nothing(string token)
    {
        foreach (var uri in (Uri[])[s_drain, s_undrain, s_switchover])
        {
            using var response = await Site.SendAdminAsync(HttpMethod.Post, uri, token: token);

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal(string.Empty, await response.Content.ReadAsStringAsync());
        }

        Assert.Equal("UP", await MemberStateAsync("server-1/web"));
        Assert.Equal("server-1/db", await PrimaryAsync());
    }

    [Fact]
    public async Task Drain_undrain_and_switchover_with_the_read_token_answer_403_and_change_nothing()
    {
        foreach (var uri in (Uri[])[s_drain, s_undrain, s_switchover])
        {
            using var response = await Site.SendAdminAsync(HttpMethod.Post, uri, AdminScope.Read);

            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }

        Assert.Equal("UP", await MemberStateAsync("server-1/web"));
        Assert.Equal("server-1/db", await PrimaryAsync());
    }

    [Fact]
    public async Task Drain_undrain_and_switchover_with_the_admin_token_work()
    {
        using (var drained = await Site.SendAdminAsync(HttpMethod.Post, s_drain, AdminScope.Admin))
        {
            Assert.Equal(HttpStatusCode.OK, drained.StatusCode);
        }

        Assert.Equal("DRAIN", await MemberStateAsync("server-1/web"));
        using (var undrained = await Site.SendAdminAsync(HttpMethod.Post, s_undrain, AdminScope.Admin))
        {
            Assert.Equal(HttpStatusCode.OK, undrained.StatusCode);
        }

        Assert.Equal("UP", await MemberStateAsync("server-1/web"));

        using (var switched = await Site.SendAdminAsync(HttpMethod.Post, s_switchover, AdminScope.Admin))
        {
            Assert.True(switched.StatusCode == HttpStatusCode.OK, await switched.Content.ReadAsStringAsync());
        }

        await TestSite.EventuallyAsync(async () => await PrimaryAsync() == "server-2/db", TimeSpan.FromSeconds(10), "db status shows server-2/db primary");

        // And back, with the CLI, which sends the admin token itself (once server-1/db replicates from the new primary).
        CliResult? back = null;
        await TestSite.EventuallyAsync(
            async () => (back = await Site.RunAsync("db", "switchover", "--to", "server-1/db")).ExitCode == 0,
            TimeSpan.FromSeconds(20),
            "the switchover back to server-1/db succeeds");
        await TestSite.EventuallyAsync(async () => await PrimaryAsync() == "server-1/db", TimeSpan.FromSeconds(10), $"db status shows server-1/db primary again ({back})");
    }

    [Fact]
    public async Task The_cli_drains_and_undrains_with_the_sites_credentials()
    {
        var drain = await Site.RunAsync("drain", "server-2/web");
        Assert.True(drain.ExitCode == 0, drain.ToString());
        Assert.Equal("DRAIN", await MemberStateAsync("server-2/web"));

        var undrain = await Site.RunAsync("undrain", "server-2/web");
        Assert.True(undrain.ExitCode == 0, undrain.ToString());
        Assert.Equal("UP", await MemberStateAsync("server-2/web"));

        var db = await Site.RunAsync("db", "status");
        Assert.True(db.ExitCode == 0, db.ToString());
        Assert.Contains("primary: server-1/db", db.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_read_endpoint_refuses_an_anonymous_client_and_healthz_stays_open_saying_only_up()
    {
        var reads = new List<Uri>
        {
            new(AdminAuthenticationSiteFixture.BalancerAdmin, "/backend"),
            new(AdminListener("server-1/web"), "/backend"),
            new(AdminAuthenticationSiteFixture.MonitorAdmin, "/cluster"),
            new(AdminListener("server-1/app"), "/no-such-endpoint"),
        };
        reads.AddRange(AdminAuthenticationSiteFixture.AdminListeners.Values.Select(admin => new Uri(admin, "/metrics")));
        foreach (var uri in reads)
        {
            using var response = await _anonymous.GetAsync(uri);

            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"GET {uri} answered {(int)response.StatusCode}");
            Assert.Equal(string.Empty, await response.Content.ReadAsStringAsync());
        }

        foreach (var admin in AdminAuthenticationSiteFixture.AdminListeners.Values)
        {
            using var health = await _anonymous.GetAsync(new Uri(admin, "/healthz"));
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            Assert.Equal("ok\n", await health.Content.ReadAsStringAsync());
        }

        // The public port never serves an admin endpoint, whatever the credential.
        using var onPublicPort = await Site.SendAdminAsync(HttpMethod.Get, new Uri(AdminAuthenticationSiteFixture.Balancer, "/backend"), AdminScope.Admin);
        Assert.Equal(HttpStatusCode.NotFound, onPublicPort.StatusCode);
    }

    [Fact]
    public async Task The_dashboard_refuses_an_anonymous_client_page_snapshot_and_stream_alike()
    {
        using var page = await _anonymous.GetAsync(AdminAuthenticationSiteFixture.Dashboard);
        Assert.Equal(HttpStatusCode.Unauthorized, page.StatusCode);
        Assert.Contains("webinfra dashboard", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("server-1", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        foreach (var path in (string[])["/api/snapshot", "/api/stream", "/app.js"])
        {
            using var response = await _anonymous.GetAsync(new Uri(AdminAuthenticationSiteFixture.Dashboard, path), HttpCompletionOption.ResponseHeadersRead);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"GET {path} answered {(int)response.StatusCode}");
        }

        using var forged = await _anonymous.GetAsync(new Uri(AdminAuthenticationSiteFixture.Dashboard, "/api/snapshot"));
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
    }

    [Fact]
    public async Task A_login_link_works_once_and_its_cookie_opens_the_snapshot_and_stream_filled_by_the_sampler()
    {
        var link = await Site.DashboardLinkAsync();

        using var login = await _anonymous.GetAsync(link);
        Assert.Equal(HttpStatusCode.SeeOther, login.StatusCode);
        Assert.Equal("/", login.Headers.Location?.ToString());
        var cookie = Assert.Single(login.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("webinfra_dashboard=", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase);

        using (var again = await _anonymous.GetAsync(link))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
        }

        var session = cookie.Split(';')[0];
        await TestSite.EventuallyAsync(
            async () => (await SnapshotStatesAsync(session)).Values.All(state => state == "up"),
            TimeSpan.FromSeconds(10),
            "the dashboard's sampler, with the read token, sees every component up");

        using var stream = new HttpRequestMessage(HttpMethod.Get, new Uri(AdminAuthenticationSiteFixture.Dashboard, "/api/stream"));
        stream.Headers.Add("Cookie", session);
        using var streamed = await _anonymous.SendAsync(stream, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, streamed.StatusCode);
        using var reader = new StreamReader(await streamed.Content.ReadAsStreamAsync());
        Assert.Equal("event: snapshot", await reader.ReadLineAsync());
    }

    [Fact]
    public async Task Repeated_failures_from_one_source_get_429_and_one_log_line()
    {
        var admin = AdminListener("server-2/app");
        var endPoint = new IPEndPoint(IPAddress.Parse(admin.Host), admin.Port);
        var source = IPAddress.Parse($"{AdminAuthenticationSiteFixture.Network}.99");
        var request = $"GET /metrics HTTP/1.1\r\nHost: {admin.Authority}\r\nAuthorization: Bearer guess\r\nConnection: close\r\n\r\n";

        var statuses = new List<int>();
        for (var i = 0; i < FailureBurst + 5; i++)
        {
            statuses.Add((await RawHttp.SendAsync(endPoint, request, source, TimeSpan.FromSeconds(5))).StatusCode);
        }

        Assert.All(statuses.Take(FailureBurst), status => Assert.Equal(401, status));
        Assert.All(statuses.Skip(FailureBurst), status => Assert.Equal(429, status));

        // The right token still passes from that very source: only failures are limited.
        var valid = $"GET /metrics HTTP/1.1\r\nHost: {admin.Authority}\r\nAuthorization: Bearer {Site.AdminCredentials.ReadToken}\r\nConnection: close\r\n\r\n";
        Assert.Equal(200, (await RawHttp.SendAsync(endPoint, valid, source, TimeSpan.FromSeconds(5))).StatusCode);

        var log = await File.ReadAllLinesAsync(Path.Combine(Site.StateDirectory, "logs", "server-2-app.log"));
        Assert.Single(log, line => line.Contains($"{source} failed to authenticate", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Rotation_locks_the_old_credentials_out_while_the_site_keeps_serving()
    {
        var old = Site.AdminCredentials;
        var link = await Site.DashboardLinkAsync();
        using var login = await _anonymous.GetAsync(link);
        var session = login.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
        var unusedLink = await Site.DashboardLinkAsync();
        using var stopLoad = new CancellationTokenSource();
        var load = LoadAsync(stopLoad.Token);

        var rotate = await Site.RunAsync("secrets", "rotate");
        Assert.True(rotate.ExitCode == 0, rotate.ToString());

        var rotated = Site.AdminCredentials;
        Assert.NotEqual(old.AdminToken, rotated.AdminToken);
        foreach (var (component, admin) in AdminAuthenticationSiteFixture.AdminListeners)
        {
            using var withOld = await Site.SendAdminAsync(HttpMethod.Get, new Uri(admin, "/metrics"), token: old.ReadToken);
            using var withOldAdmin = await Site.SendAdminAsync(HttpMethod.Get, new Uri(admin, "/metrics"), token: old.AdminToken);
            using var withNew = await Site.SendAdminAsync(HttpMethod.Get, new Uri(admin, "/metrics"), AdminScope.Read);
            Assert.True(withOld.StatusCode == HttpStatusCode.Unauthorized, $"{component} took the old read token: {(int)withOld.StatusCode}");
            Assert.True(withOldAdmin.StatusCode == HttpStatusCode.Unauthorized, $"{component} took the old admin token: {(int)withOldAdmin.StatusCode}");
            Assert.True(withNew.StatusCode == HttpStatusCode.OK, $"{component} refused the new read token: {(int)withNew.StatusCode}");
        }

        using (var drain = await Site.SendAdminAsync(HttpMethod.Post, s_drain, token: old.AdminToken))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, drain.StatusCode);
        }

        Assert.Equal("UP", await MemberStateAsync("server-1/web"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await SnapshotAsync(session)).StatusCode);
        using (var stale = await _anonymous.GetAsync(unusedLink))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, stale.StatusCode);
        }

        // The sampler re-read the file too: a new session sees every component up, polled with the new read token.
        using var newLogin = await _anonymous.GetAsync(await Site.DashboardLinkAsync());
        var newSession = newLogin.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
        await TestSite.EventuallyAsync(
            async () => (await SnapshotStatesAsync(newSession)).Values.All(state => state == "up"),
            TimeSpan.FromSeconds(10),
            "the sampler sees every component up after the rotation");

        await stopLoad.CancelAsync();
        var (succeeded, failed) = await load;
        Assert.True(succeeded > 0, "the load sent no request");
        Assert.Equal(0, failed);
    }

    private static Uri AdminListener(string component) => AdminAuthenticationSiteFixture.AdminListeners[component];

    private async Task<string?> MemberStateAsync(string member)
    {
        using var status = await Site.StatusAsync();
        return status.RootElement.GetProperty("backends").EnumerateArray()
            .Single(b => b.GetProperty("seen_by").GetString() == "lb-01/balancer")
            .GetProperty("members").EnumerateArray()
            .Single(m => m.GetProperty("name").GetString() == member)
            .GetProperty("state").GetString();
    }

    private async Task<string?> PrimaryAsync()
    {
        var db = await Site.RunAsync("db", "status", "--json");
        Assert.True(db.ExitCode == 0, db.ToString());
        using var document = JsonDocument.Parse(db.Output);
        return document.RootElement.GetProperty("primary").GetString();
    }

    private async Task<HttpResponseMessage> SnapshotAsync(string session)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(AdminAuthenticationSiteFixture.Dashboard, "/api/snapshot"));
        request.Headers.Add("Cookie", session);
        return await _anonymous.SendAsync(request);
    }

    private async Task<Dictionary<string, string>> SnapshotStatesAsync(string session)
    {
        using var response = await SnapshotAsync(session);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.GetProperty("components").EnumerateArray()
            .ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("state").GetString()!);
    }

    /// <summary>GETs through the balancer until stopped, counting answers that are not 200.</summary>
    private async Task<(int Succeeded, int Failed)> LoadAsync(CancellationToken cancellationToken)
    {
        var (succeeded, failed) = (0, 0);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                using var response = await _anonymous.GetAsync(new Uri(AdminAuthenticationSiteFixture.Balancer, "/robots.txt"), cancellationToken);
                _ = response.StatusCode == HttpStatusCode.OK ? succeeded++ : failed++;
                await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (HttpRequestException)
            {
                failed++;
            }
        }

        return (succeeded, failed);
    }

    public void Dispose() => _anonymous.Dispose();
}
