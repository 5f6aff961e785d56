using WebInfra.FunctionalTests.Infrastructure;

namespace WebInfra.FunctionalTests.Hosts;

/// <summary>
/// The distributed design with every server a network namespace of its own on 10.78.0.0/24 (the operator at .254) and
/// the firewall on, in each server's kernel: lb-01 (balancer), mon-01 (monitor), server-1 and server-2 (web, app, db).
/// The tests reach it only through the CLI, which works from the operator namespace: this machine's own namespace has
/// no route to the subnet, so nothing here may send a packet to it directly.
/// </summary>
public sealed class NamespacesSiteFixture() : SiteFixture(Topology)
{
    public const string Balancer = "http://10.78.0.10:18080";

    private const string Topology = """
        site:
          name: www.foobar.com
          files: {site}
          route_header: true
        hosts: namespaces
        network: { subnet: 10.78.0.0/24 }
        servers:
          lb-01:
            address: 10.78.0.10
            components:
              balancer: { port: 18080, backend: web }
          mon-01:
            address: 10.78.0.20
            components:
              monitor: { port: 18090 }
          server-1:
            address: 10.78.0.1
            components:
              web: { port: 18081, backend: app }
              app: { port: 18082 }
              db: { port: 13306, role: primary }
          server-2:
            address: 10.78.0.2
            components:
              web: { port: 18081, backend: app }
              app: { port: 18082 }
              db: { port: 13306, role: replica }
        backends:
          web:
            members: [server-1/web, server-2/web]
            health: { path: /healthz, interval: 200ms, timeout: 150ms, rise: 2, fall: 2 }
          app:
            members: [server-1/app, server-2/app]
            health: { path: /healthz, interval: 200ms, timeout: 150ms, rise: 2, fall: 2 }
        database:
          name: foobar
        firewall:
          enabled: true
        """;
}
