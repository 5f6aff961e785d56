using System.Net;
using System.Net.Security;
using WebInfra.FunctionalTests.Infrastructure;

namespace WebInfra.FunctionalTests.Security;

/// <summary>
/// A site whose balancer terminates HTTPS with the development certificate <c>up</c> makes, on these tests' own
/// addresses (127.0.15.x): plain HTTP on 18580 (redirects only), HTTPS on 18543; and the dashboard, on a server of its
/// own (mon-01, 127.0.15.20:18590), which then speaks HTTPS with the same certificate.
/// </summary>
public sealed class HttpsSiteFixture() : SiteFixture(Topology)
{
    public static readonly IPEndPoint Http = new(IPAddress.Parse("127.0.15.10"), 18580);

    public static readonly IPEndPoint Https = new(IPAddress.Parse("127.0.15.10"), 18543);

    public static readonly IPEndPoint Dashboard = new(IPAddress.Parse("127.0.15.20"), 18590);

    private const string Topology = """
        site:
          name: www.foobar.com
          files: {site}
        servers:
          lb-01:
            address: 127.0.15.10
            components:
              balancer: { port: 18580, https_port: 18543, backend: web }
          server-1:
            address: 127.0.15.1
            components:
              web: { port: 18581, backend: app }
              app: { port: 18582 }
              db: { port: 13506, role: primary }
          mon-01:
            address: 127.0.15.20
            components:
              monitor: { port: 18590 }
        backends:
          web:
            members: [server-1/web]
          app:
            members: [server-1/app]
        """;

    /// <summary>The development CA <c>up</c> made for the site.</summary>
    public string AuthorityPath => Path.Combine(Site.StateDirectory, "tls", "ca.pem");

    /// <summary>Accepts the server's certificate only when it chains to the development CA and names what was asked for.</summary>
    public RemoteCertificateValidationCallback TrustDevelopmentAuthority() => CertificateTrust.Only(AuthorityPath);

    /// <summary>An HTTP client that trusts the development CA, asking for <paramref name="version"/> exactly; it follows no redirect and keeps no cookie.</summary>
    public HttpClient CreateClient(Version version) => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = TrustDevelopmentAuthority() },
    })
    {
        DefaultRequestVersion = version,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
    };
}
