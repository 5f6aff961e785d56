using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using WebInfra.FunctionalTests.Infrastructure;

namespace WebInfra.FunctionalTests.Reload;

/// <summary>
/// A reload that names other certificate files: the balancer presents the new certificate to the next TLS connection,
/// without a restart (its process stays the same), on these tests' own addresses (127.0.48.20-21).
/// </summary>
public sealed class ReloadCertificateTests
{
    private static readonly IPEndPoint s_https = new(IPAddress.Parse("127.0.48.20"), 18643);

    private const string Topology = """
        site:
          name: www.foobar.com
          files: {site}
        servers:
          lb-01:
            address: 127.0.48.20
            components:
              balancer: { port: 18680, https_port: 18643, backend: web }
          server-1:
            address: 127.0.48.21
            components:
              web: { port: 18681, backend: app }
              app: { port: 18682 }
              db: { port: 13606, role: primary }
        backends:
          web:
            members: [server-1/web]
          app:
            members: [server-1/app]
        """;

    [Fact]
    public async Task Changed_certificate_is_presented_to_new_connections_without_a_restart()
    {
        await using var site = await TestSite.StartAsync(Topology);
        Assert.Equal("CN=www.foobar.com", await PresentedSubjectAsync());
        var pid = await BalancerPidAsync(site);

        var folder = Path.GetDirectoryName(site.TopologyPath)!;
        using (var key = ECDsa.Create(ECCurve.NamedCurves.nistP256))
        {
            var request = new CertificateRequest("CN=reloaded.foobar.com", key, HashAlgorithmName.SHA256);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
            await File.WriteAllTextAsync(Path.Combine(folder, "site.pem"), certificate.ExportCertificatePem());
            await File.WriteAllTextAsync(Path.Combine(folder, "site.key"), key.ExportPkcs8PrivateKeyPem());
        }

        var path = Path.Combine(folder, "with-certificate.yaml");
        await File.WriteAllTextAsync(path, Topology.Replace("{site}", Repository.SiteFiles, StringComparison.Ordinal) + "\ntls: { certificate: site.pem, key: site.key }\n");
        var diff = await site.RunOkAsync("diff", path);
        Assert.Contains("certificate: development -> ", diff.Output, StringComparison.Ordinal);
        Assert.Contains("(new connections)  live", diff.Output, StringComparison.Ordinal);

        await site.RunOkAsync("reload", path);

        Assert.Equal("CN=reloaded.foobar.com", await PresentedSubjectAsync());
        Assert.Equal(pid, await BalancerPidAsync(site));
    }

    /// <summary>The subject of the certificate the balancer shows a new TLS connection (the handshake only reads it).</summary>
    private static async Task<string?> PresentedSubjectAsync()
    {
        string? subject = null;
        using var client = new TcpClient();
        await client.ConnectAsync(s_https);
        await using var tls = new SslStream(client.GetStream(), leaveInnerStreamOpen: false, (_, certificate, _, _) =>
        {
            subject = certificate?.Subject;
            return subject is not null;
        });
        await tls.AuthenticateAsClientAsync("www.foobar.com");
        return subject;
    }

    private static async Task<int> BalancerPidAsync(TestSite site)
    {
        using var status = await site.StatusAsync();
        return status.RootElement.GetProperty("nodes").EnumerateArray()
            .Single(n => n.GetProperty("name").GetString() == "lb-01/balancer")
            .GetProperty("pid").GetInt32();
    }
}
