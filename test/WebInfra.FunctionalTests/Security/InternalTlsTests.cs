using System.Net;
using System.Net.Http.Json;
using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.Versioning;
using System.Security.Cryptography.X509Certificates;
using WebInfra.FunctionalTests.Infrastructure;

namespace WebInfra.FunctionalTests.Security;

/// <summary>
/// Re-encryption behind the balancer (<c>tls.internal</c>), checked from outside: requests cross balancer → web → app
/// over HTTPS, the members speak nothing but TLS on their public ports, and openssl verifies their certificates
/// against the internal CA alone, while the admin listeners stay plain for operators.
/// </summary>
[Collection(EncryptedSiteFixture.Collection)]
public sealed class InternalTlsTests(EncryptedSiteFixture fixture) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task Get_and_post_through_the_balancer_cross_both_inner_hops_over_https()
    {
        var servedBy = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 8; i++)
        {
            using var get = await _http.GetAsync(new Uri(EncryptedSiteFixture.Balancer, "/api/posts?limit=5"));
            Assert.Equal(HttpStatusCode.OK, get.StatusCode);
            servedBy.UnionWith(TestSite.ServedBy(get));
        }

        using var post = await _http.PostAsJsonAsync(new Uri(EncryptedSiteFixture.Balancer, "/api/posts"), new { author = "tls", body = "re-encrypted twice" });

        Assert.Equal(HttpStatusCode.Created, post.StatusCode);
        Assert.Equal(3, TestSite.ServedBy(post).Count);
        Assert.Superset(new HashSet<string> { "server-1/web", "server-2/web", "server-1/app", "server-2/app" }, servedBy);
    }

    [Theory]
    [InlineData("server-1/web")]
    [InlineData("server-2/app")]
    public async Task Plain_http_to_a_member_s_port_gets_no_http_response(string member)
    {
        var response = await RawHttp.SendAsync(fixture.EndPointOf(member), "GET /healthz HTTP/1.1\r\nHost: www.foobar.com\r\nConnection: close\r\n\r\n", timeout: TimeSpan.FromSeconds(5));

        Assert.Equal(0, response.StatusCode);
        Assert.DoesNotContain("HTTP/", response.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("server-1/web")]
    [InlineData("server-2/web")]
    [InlineData("server-1/app")]
    [InlineData("server-2/app")]
    public async Task Openssl_verifies_each_member_s_certificate_against_the_internal_ca(string member)
    {
        var handshake = await OpenSslClient.ConnectAsync(fixture.EndPointOf(member), "-CAfile", fixture.AuthorityPath, "-verify_return_error", "-verify_ip", fixture.EndPointOf(member).Address.ToString());

        Assert.True(handshake.Succeeded, handshake.ToString());
        Assert.Contains("Verify return code: 0 (ok)", handshake.Output, StringComparison.Ordinal);
        Assert.Contains("issuer=CN = WebInfra internal CA for www.foobar.com", handshake.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Member_certificate_is_issued_by_the_internal_ca_for_its_server_s_address_and_name()
    {
        var endPoint = fixture.EndPointOf("server-2/web");
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(endPoint);
        await using var tls = new SslStream(tcp.GetStream());
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = endPoint.Address.ToString(),
            RemoteCertificateValidationCallback = CertificateTrust.Only(fixture.AuthorityPath),
        });

        var certificate = Assert.IsType<X509Certificate2>(tls.RemoteCertificate);
        using var authority = X509Certificate2.CreateFromPem(File.ReadAllText(fixture.AuthorityPath));
        var names = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal(authority.Subject, certificate.Issuer);
        Assert.Equal([endPoint.Address], names.EnumerateIPAddresses());
        Assert.Equal(["server-2"], names.EnumerateDnsNames());
    }

    [Fact]
    public async Task Admin_listener_stays_plain_http()
    {
        var admin = fixture.EndPointOf("server-1/web");

        using var response = await _http.GetAsync(new Uri($"http://{admin.Address}:{admin.Port + 1000}/healthz"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void Internal_keys_are_readable_by_their_owner_only()
    {
        var directory = Path.GetDirectoryName(fixture.AuthorityPath)!;

        Assert.All(new[] { "ca.key", "lb-01.key", "server-1.key", "server-2.key" }, key =>
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(directory, key))));
    }

    public void Dispose() => _http.Dispose();
}
