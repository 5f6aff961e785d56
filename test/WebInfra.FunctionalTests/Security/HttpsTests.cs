using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.Versioning;
using System.Security.Authentication;
using WebInfra.FunctionalTests.Infrastructure;
using WebInfra.Hosting.Tls;

namespace WebInfra.FunctionalTests.Security;

/// <summary>
/// HTTPS at the balancer, checked from outside: plain HTTP is redirected, HTTPS carries HSTS and speaks HTTP/2, TLS 1.2
/// and 1.3 are accepted with modern cipher suites only, and TLS 1.0 and 1.1 are refused even to a client that offers them.
/// </summary>
public sealed class HttpsTests(HttpsSiteFixture fixture) : IClassFixture<HttpsSiteFixture>
{
    [Fact]
    public async Task Plain_http_gets_301_to_the_same_path_over_https()
    {
        var response = await RawHttp.SendAsync(HttpsSiteFixture.Http, "GET /robots.txt?x=1 HTTP/1.1\r\nHost: www.foobar.com\r\nConnection: close\r\n\r\n");

        Assert.Equal(301, response.StatusCode);
        Assert.Equal("https://www.foobar.com:18543/robots.txt?x=1", response.Header("Location"));
    }

    [Fact]
    public async Task Https_response_carries_hsts()
    {
        using var client = fixture.CreateClient(HttpVersion.Version11);

        using var response = await client.GetAsync(new Uri($"https://{HttpsSiteFixture.Https}/robots.txt"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("max-age=31536000", string.Join(",", response.Headers.GetValues("Strict-Transport-Security")));
    }

    [Fact]
    public async Task Dashboard_speaks_https_with_the_site_certificate_and_its_session_cookie_is_secure()
    {
        using var client = fixture.CreateClient(HttpVersion.Version11);
        var link = await fixture.Site.DashboardLinkAsync();
        Assert.Equal($"https://{HttpsSiteFixture.Dashboard}/login", link.GetLeftPart(UriPartial.Path));

        using var anonymous = await client.GetAsync(new Uri($"https://{HttpsSiteFixture.Dashboard}/api/snapshot"));
        using var login = await client.GetAsync(link);
        var cookie = Assert.Single(login.Headers.GetValues("Set-Cookie"));
        using var snapshot = new HttpRequestMessage(HttpMethod.Get, new Uri($"https://{HttpsSiteFixture.Dashboard}/api/snapshot"));
        snapshot.Headers.Add("Cookie", cookie.Split(';')[0]);
        using var answer = await client.SendAsync(snapshot);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.SeeOther, login.StatusCode);
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);

        // Plain HTTP on the dashboard's port gets no HTTP answer at all: the listener speaks TLS only.
        var plain = await RawHttp.SendAsync(HttpsSiteFixture.Dashboard, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", timeout: TimeSpan.FromSeconds(3));
        Assert.DoesNotContain("HTTP/1.1", plain.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Http2_is_negotiated_over_tls()
    {
        using var client = fixture.CreateClient(HttpVersion.Version20);

        using var response = await client.GetAsync(new Uri($"https://{HttpsSiteFixture.Https}/"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version20, response.Version);
    }

    [Theory]
    [InlineData(SslProtocols.Tls12)]
    [InlineData(SslProtocols.Tls13)]
    public async Task Tls_1_2_and_1_3_are_accepted_with_a_modern_cipher_suite(SslProtocols protocol)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(HttpsSiteFixture.Https);
        await using var tls = new SslStream(tcp.GetStream());

        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "www.foobar.com",
            EnabledSslProtocols = protocol,
            RemoteCertificateValidationCallback = fixture.TrustDevelopmentAuthority(),
        });

        Assert.Equal(protocol, tls.SslProtocol);
        Assert.Contains(tls.NegotiatedCipherSuite, SiteTls.CipherSuites);
    }

    [Theory]
    [InlineData("-tls1")]
    [InlineData("-tls1_1")]
    public async Task Tls_1_0_and_1_1_are_refused_even_when_the_client_offers_them(string protocol)
    {
        // OpenSSL's own security level would stop the client from offering TLS 1.0/1.1 at all; level 0 makes it offer
        // them, so a refusal is the server's. The same client must succeed with TLS 1.2, or the check proves nothing.
        var refused = await OpenSslHandshakeAsync(protocol);
        var accepted = await OpenSslHandshakeAsync("-tls1_2");

        Assert.True(accepted.Succeeded, $"openssl s_client -tls1_2 failed, so the check is void: {accepted.Output}");
        Assert.False(refused.Succeeded, $"openssl s_client {protocol} completed a handshake: {refused.Output}");
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void Development_key_is_readable_by_its_owner_only()
    {
        var key = Path.Combine(fixture.Site.StateDirectory, "tls", "site.key");

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key));
    }

    private static Task<OpenSslHandshake> OpenSslHandshakeAsync(string protocol) =>
        OpenSslClient.ConnectAsync(HttpsSiteFixture.Https, "-servername", "www.foobar.com", protocol, "-cipher", "DEFAULT:@SECLEVEL=0");
}
