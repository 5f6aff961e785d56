using WebInfra.FunctionalTests.Infrastructure;

namespace WebInfra.FunctionalTests.Hosts;

/// <summary>
/// A namespaces site of its own on 10.80.0.0/24 (the operator at .254) for the fault tests: lb-01 balances over
/// server-1/web and server-2/web, each forwarding to both application servers, with the database on server-2, so a cut
/// between lb-01 and server-1 leaves a site that still answers every request through server-2.
/// </summary>
public sealed class NetworkFaultsSiteFixture() : SiteFixture(Topology)
{
    public const string Balancer = "http://10.80.0.10:18080";

    public const string Server1Web = "http://10.80.0.1:18081";

    private const string Topology = """
        site:
          name: www.foobar.com
          files: {site}
          route_header: true
        hosts: namespaces
        network: { subnet: 10.80.0.0/24 }
        servers:
          lb-01:
            address: 10.80.0.10
            components:
              balancer: { port: 18080, backend: web }
          server-1:
            address: 10.80.0.1
            components:
              web: { port: 18081, backend: app }
              app: { port: 18082 }
          server-2:
            address: 10.80.0.2
            components:
              web: { port: 18081, backend: app }
              app: { port: 18082 }
              db: { port: 13306, role: primary }
        backends:
          web:
            members: [server-1/web, server-2/web]
            health: { path: /healthz, interval: 200ms, timeout: 150ms, rise: 2, fall: 2 }
          app:
            members: [server-1/app, server-2/app]
            health: { path: /healthz, interval: 200ms, timeout: 150ms, rise: 2, fall: 2 }
        database:
          name: foobar
        """;
}
