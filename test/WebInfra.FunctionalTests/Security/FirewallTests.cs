using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using WebInfra.Database.Provisioning;
using WebInfra.FunctionalTests.Infrastructure;
using WebInfra.FunctionalTests.Monitoring;
using WebInfra.Hosting.Metrics;

namespace WebInfra.FunctionalTests.Security;

/// <summary>
/// The firewall WebInfra enforces, checked from outside with clients bound to other loopback addresses: each tier
/// lets in exactly its neighbours and closes everyone else's connection unanswered, the database grants refuse the
/// application's account from a host that is not an application server, and the site still works end to end
/// because the components' own connections leave from their servers' addresses.
/// </summary>
public sealed class FirewallTests(FirewallSiteFixture fixture) : IClassFixture<FirewallSiteFixture>
{
    private const string HealthRequest = "GET /healthz HTTP/1.1\r\nHost: www.foobar.com\r\nConnection: close\r\n\r\n";

    [Fact]
    public async Task Site_answers_through_the_balancer_with_every_firewall_on()
    {
        using var post = await fixture.Site.Http.PostAsJsonAsync(new Uri(fixture.Site.Url, "/api/posts"), new { author = "ada", body = "behind the firewall" });
        using var page = await fixture.Site.GetAsync("/");
        using var file = await fixture.Site.GetAsync("/robots.txt");

        Assert.Equal(HttpStatusCode.Created, post.StatusCode);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
    }

    [Fact]
    public async Task Balancer_is_open_to_any_source()
    {
        var response = await RawHttp.SendAsync(new(FirewallSiteFixture.Balancer, FirewallSiteFixture.BalancerPort), HealthRequest, FirewallSiteFixture.Stranger);

        Assert.Equal(200, response.StatusCode);
    }

    [Theory]
    [InlineData("web server, from its balancer", "127.0.17.1", FirewallSiteFixture.WebPort, "127.0.17.10", "127.0.17.99")]
    [InlineData("web server, from an application server", "127.0.17.1", FirewallSiteFixture.WebPort, "127.0.17.10", "127.0.17.3")]
    [InlineData("application server, from a web server", "127.0.17.2", FirewallSiteFixture.AppPort, "127.0.17.1", "127.0.17.10")]
    [InlineData("admin listener, from the monitor", "127.0.17.1", FirewallSiteFixture.WebPort + 1000, "127.0.17.10", "127.0.17.2")]
    [InlineData("dashboard, from an operator", "127.0.17.10", FirewallSiteFixture.MonitorPort, "127.0.0.1", "127.0.17.1")]
    public async Task Each_tier_answers_its_neighbours_and_closes_a_connection_from_anyone_else_unanswered(string what, string target, int port, string allowed, string refused)
    {
        var server = new IPEndPoint(IPAddress.Parse(target), port);

        var answered = await RawHttp.SendAsync(server, HealthRequest, IPAddress.Parse(allowed));
        var closed = await RefusedFromAsync(server, IPAddress.Parse(refused));

        Assert.True(answered.StatusCode == 200, $"{what}: {allowed} got {answered}");
        Assert.True(closed.Refused, $"{what}: {refused} was not refused: '{closed.Detail}'");
    }

    [Fact]
    public async Task Refused_connections_are_counted_on_the_listener_they_tried()
    {
        var web = new IPEndPoint(FirewallSiteFixture.Server2, FirewallSiteFixture.WebPort);
        var before = await RefusedAsync(web.Port);

        Assert.True((await RefusedFromAsync(web, FirewallSiteFixture.Stranger)).Refused);
        Assert.True((await RefusedFromAsync(web, FirewallSiteFixture.Stranger)).Refused);

        Assert.Equal(before + 2, await RefusedAsync(web.Port));
    }

    [Theory]
    [InlineData("application", "127.0.17.10", "127.0.17.1")]
    [InlineData("replication", "127.0.17.1", "127.0.17.4")]
    public async Task Database_grants_each_account_only_to_the_servers_that_use_it(string account, string refused, string allowed)
    {
        var secrets = Secrets();
        var (user, password) = account == "application" ? (secrets.AppUser, secrets.AppPassword) : (secrets.ReplicationUser, secrets.ReplicationPassword);

        var fromElsewhere = await MariaDbLogin.TryAsync(Database, IPAddress.Parse(refused), user, password);
        var fromItsServer = await MariaDbLogin.TryAsync(Database, IPAddress.Parse(allowed), user, password);

        Assert.StartsWith($"ERROR 1045: Access denied for user '{user}'@'{refused}'", fromElsewhere, StringComparison.Ordinal);
        Assert.Equal("OK", fromItsServer);
    }

    [Fact]
    public async Task Database_refuses_a_host_no_account_is_granted_to_before_any_login()
    {
        var secrets = Secrets();

        var verdict = await MariaDbLogin.TryAsync(Database, FirewallSiteFixture.Stranger, secrets.AdminUser, secrets.AdminPassword);

        Assert.StartsWith("ERROR 1130: Host '127.0.17.99' is not allowed to connect", verdict, StringComparison.Ordinal);
    }

    private static IPEndPoint Database => new(FirewallSiteFixture.Primary, FirewallSiteFixture.DatabasePort);

    private DatabaseSecrets Secrets() => DatabaseSecrets.LoadOrCreate(Path.Combine(fixture.Site.StateDirectory, "secrets", "database.json"));

    /// <summary>Whether a connection from <paramref name="source"/> is closed without a byte of answer, or reset as it opens.</summary>
    private static async Task<(bool Refused, string Detail)> RefusedFromAsync(IPEndPoint server, IPAddress source)
    {
        try
        {
            var response = await RawHttp.SendAsync(server, HealthRequest, source, TimeSpan.FromSeconds(5));
            return (response.Closed && response.Text.Length == 0, response.ToString());
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            return (true, "reset");
        }
    }

    private async Task<double> RefusedAsync(int port)
    {
        var admin = new Uri($"http://{FirewallSiteFixture.Server2}:{port + 1000}{ComponentMetrics.Path}");
        var scrape = MetricsScrape.Parse(await fixture.Site.GetAdminStringAsync(admin));
        return scrape.Value("webinfra_firewall_refused_total", ("port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }
}
