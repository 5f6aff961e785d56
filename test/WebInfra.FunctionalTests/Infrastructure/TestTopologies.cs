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

    /// <summary>
    /// The distributed design with a database monitor on <paramref name="network"/>.x (lb-01 at .10, server-1 and
    /// server-2 at .1 and .2), probing every 200 ms so a killed member is out within half a second: the site the
    /// metrics, Prometheus and dashboard tests each bring up on their own addresses.
    /// </summary>
    public static string Monitored(string network) => """
        site:
          name: www.foobar.com
          files: {site}
          route_header: true
        servers:
          lb-01:
            address: {network}.10
            components:
              balancer: { port: 18080, backend: web }
              monitor: { port: 18090 }
          server-1:
            address: {network}.1
            components:
              web: { port: 18081, backend: app }
              app: { port: 18082 }
              db: { port: 13306, role: primary }
          server-2:
            address: {network}.2
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
          reads: { max_lag: 3s }
        """.Replace("{network}", network, StringComparison.Ordinal);
}
