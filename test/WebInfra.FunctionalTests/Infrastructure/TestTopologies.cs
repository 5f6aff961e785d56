namespace WebInfra.FunctionalTests.Infrastructure;

/// <summary>
/// The presets' designs on addresses and ports of the tests' own (127.0.2.x, 127.0.3.x), with fast health checks
/// so that a failure is noticed in well under a second.
/// </summary>
internal static class TestTopologies
{
    public const string Distributed = """
        site:
          name: www.foobar.com
          files: {site}
          route_header: true
        servers:
          lb-01:
            address: 127.0.2.10
            components:
              balancer: { port: 18080, backend: web }
          server-1:
            address: 127.0.2.1
            components:
              web: { port: 18081, backend: app }
              app: { port: 18082 }
              db: { port: 13306, role: primary }
          server-2:
            address: 127.0.2.2
            components:
              web: { port: 18081, backend: app }
              app: { port: 18082 }
              db: { port: 13306, role: replica }
        backends:
          web:
            members: [server-1/web, server-2/web]
            algorithm: roundrobin
            health: { path: /healthz, interval: 200ms, timeout: 150ms, rise: 2, fall: 2 }
          app:
            members: [server-1/app, server-2/app]
            algorithm: roundrobin
            health: { path: /healthz, interval: 200ms, timeout: 150ms, rise: 2, fall: 2 }
        database:
          name: foobar
        """;

    public const string OneServer = """
        site:
          name: www.foobar.com
          files: {site}
          route_header: true
        servers:
          server-1:
            address: 127.0.3.1
            components:
              web: { port: 18081, backend: app }
              app: { port: 18082 }
              db: { port: 13306, role: primary }
        backends:
          app:
            members: [server-1/app]
        """;
}
