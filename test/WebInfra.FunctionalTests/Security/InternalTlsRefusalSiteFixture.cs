using WebInfra.FunctionalTests.Infrastructure;

namespace WebInfra.FunctionalTests.Security;

/// <summary>
/// A site with <c>tls.internal</c> on these tests' own addresses (127.0.18.20-23) whose balancer has three web members,
/// so that two of them can be given a certificate the balancer must refuse while the third keeps serving.
/// </summary>
public sealed class InternalTlsRefusalSiteFixture() : SiteFixture(Topology)
{
    public static readonly Uri Balancer = new("http://127.0.18.20:18880");

    private const string Topology = """
        site:
          name: www.foobar.com
          files: {site}
          route_header: true
        servers:
          lb-01:
            address: 127.0.18.20
            components:
              balancer: { port: 18880, backend: web }
          server-1:
            address: 127.0.18.21
            components:
              web: { port: 18881, backend: app }
              app: { port: 18882 }
              db: { port: 13806, role: primary }
          server-2:
            address: 127.0.18.22
            components:
              web: { port: 18881, backend: app }
          server-3:
            address: 127.0.18.23
            components:
              web: { port: 18881, backend: app }
        backends:
          web:
            members: [server-1/web, server-2/web, server-3/web]
            health: { path: /healthz, interval: 200ms, timeout: 150ms, rise: 2, fall: 2 }
          app:
            members: [server-1/app]
        tls:
          internal: true
        """;

    /// <summary>The folder of the internal CA and the servers' certificates.</summary>
    public string InternalDirectory => Path.Combine(Site.StateDirectory, "tls", "internal");
}
