using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using WebInfra.FunctionalTests.Infrastructure;

namespace WebInfra.FunctionalTests.Security;

/// <summary>
/// The balancer's verification of its members under <c>tls.internal</c> can fail, and then the member gets no request:
/// a member restarted with a self-signed certificate (right address, wrong issuer) or with another server's
/// certificate from the internal CA (right issuer, wrong address) is taken down by the health checks and never served.
/// </summary>
public sealed class InternalTlsRefusalTests(InternalTlsRefusalSiteFixture fixture) : IClassFixture<InternalTlsRefusalSiteFixture>, IDisposable
{
    private static readonly TimeSpan s_settle = TimeSpan.FromSeconds(15);

    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task Member_presenting_a_self_signed_certificate_is_refused_and_never_served()
    {
        await TestSite.EventuallyAsync(async () => await HealthAsync("server-2/web") == "up", s_settle, "server-2/web is up with its own certificate");

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=server-2", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Parse("127.0.18.22"));
        names.AddDnsName("server-2");
        request.CertificateExtensions.Add(names.Build());
        using var selfSigned = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(30));
        await File.WriteAllTextAsync(Path.Combine(fixture.InternalDirectory, "server-2.pem"), selfSigned.ExportCertificatePem());
        await File.WriteAllTextAsync(Path.Combine(fixture.InternalDirectory, "server-2.key"), key.ExportPkcs8PrivateKeyPem());

        await RestartAsync("server-2/web");

        await AssertRefusedAsync("server-2/web", "127.0.18.22:18881");
    }

    [Fact]
    public async Task Member_presenting_another_server_s_certificate_is_refused_and_never_served()
    {
        await TestSite.EventuallyAsync(async () => await HealthAsync("server-3/web") == "up", s_settle, "server-3/web is up with its own certificate");
        File.Copy(Path.Combine(fixture.InternalDirectory, "server-1.pem"), Path.Combine(fixture.InternalDirectory, "server-3.pem"), overwrite: true);
        File.Copy(Path.Combine(fixture.InternalDirectory, "server-1.key"), Path.Combine(fixture.InternalDirectory, "server-3.key"), overwrite: true);

        await RestartAsync("server-3/web");

        await AssertRefusedAsync("server-3/web", "127.0.18.23:18881");
    }

    public void Dispose() => _http.Dispose();

    private async Task AssertRefusedAsync(string member, string endPoint)
    {
        var handshake = await OpenSslClient.ConnectAsync(IPEndPoint.Parse(endPoint), "-CAfile", Path.Combine(fixture.InternalDirectory, "ca.pem"),
            "-verify_return_error", "-verify_ip", IPEndPoint.Parse(endPoint).Address.ToString());
        Assert.False(handshake.Succeeded, $"openssl accepted the replaced certificate of {member}, so the check is void: {handshake}");

        await TestSite.EventuallyAsync(async () => await HealthAsync(member) == "down", s_settle, $"the balancer takes {member} down");
        var servedBy = new List<string>();
        for (var i = 0; i < 24; i++)
        {
            using var response = await _http.GetAsync(new Uri(InternalTlsRefusalSiteFixture.Balancer, "/robots.txt"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            servedBy.Add(TestSite.ServedBy(response).ElementAtOrDefault(1) ?? "?");
        }

        Assert.DoesNotContain(member, servedBy);
        Assert.Contains("server-1/web", servedBy);
        Assert.Equal("down", await HealthAsync(member));
    }

    private async Task RestartAsync(string component)
    {
        var kill = await fixture.Site.RunAsync("kill", component);
        Assert.True(kill.ExitCode == 0, kill.ToString());
        var start = await fixture.Site.RunAsync("start", component);
        Assert.True(start.ExitCode == 0, start.ToString());
    }

    private async Task<string?> HealthAsync(string member)
    {
        var admin = new UriBuilder(InternalTlsRefusalSiteFixture.Balancer) { Port = InternalTlsRefusalSiteFixture.Balancer.Port + 1000, Path = "/backend" }.Uri;
        using var document = JsonDocument.Parse(await fixture.Site.GetAdminStringAsync(admin));
        return document.RootElement.GetProperty("members").EnumerateArray().Single(m => m.GetProperty("name").GetString() == member).GetProperty("health").GetString();
    }
}
