using WebInfra.FunctionalTests.Infrastructure;

namespace WebInfra.FunctionalTests.Security;

/// <summary>
/// A primary, a replica and the monitor with <c>database.tls</c>, on these tests' own addresses (127.0.18.60-62), for
/// a failover and a rejoin that must keep replication on verified TLS. server-1 also runs the web and application
/// servers a site needs.
/// </summary>
public sealed class DatabaseTlsFailoverSiteFixture() : SiteFixture(Topology)
{
    private const string Topology = """
        site:
          name: www.foobar.com
          files: {site}
        servers:
          lb-01:
            address: 127.0.18.60
            components:
              monitor: { port: 18890 }
          server-1:
            address: 127.0.18.61
            components:
              web: { port: 18881, backend: app }
              app: { port: 18882 }
              db: { port: 13806, role: primary }
          server-2:
            address: 127.0.18.62
            components:
              db: { port: 13806, role: replica }
        backends:
          app:
            members: [server-1/app]
        database:
          name: foobar
          tls: true
        """;
}
