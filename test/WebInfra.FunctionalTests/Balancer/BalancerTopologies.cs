namespace WebInfra.FunctionalTests.Balancer;

/// <summary>
/// One site with a balancer per algorithm in front of the same web servers, on addresses of these tests' own
/// (127.0.4.x), so that a single <c>up</c> serves every algorithm's tests. A web server must forward to an
/// application server and an application server needs a primary, so the site has one of each on server-1; the
/// tests themselves only read static files, except leastconn's, which holds posts in flight.
/// </summary>
internal static class BalancerTopologies
{
    /// <summary>The primary, where leastconn's test holds posts in flight by locking their table.</summary>
    public const string PrimaryHost = "127.0.4.1";

    public const int PrimaryPort = 13306;

    /// <summary>
    /// lb-source is the only balancer in front of server-4, so its test can remove server-4 without disturbing the
    /// others. Only the source backend probes often (a removed server is out within a second); the others probe
    /// gently. Every backend needs several slow probes in a row to take a member out, because a member taken out by
    /// a busy machine rather than by the test would change whom a balancer balances over.
    /// </summary>
    public const string AlgorithmSite = """
        site:
          name: www.foobar.com
          files: {site}
          route_header: true
        servers:
          lb-roundrobin:
            address: 127.0.4.10
            components:
              balancer: { port: 18180, backend: roundrobin }
          lb-weighted:
            address: 127.0.4.11
            components:
              balancer: { port: 18180, backend: weighted }
          lb-leastconn:
            address: 127.0.4.12
            components:
              balancer: { port: 18180, backend: leastconn }
          lb-source:
            address: 127.0.4.13
            components:
              balancer: { port: 18180, backend: source }
          server-1:
            address: 127.0.4.1
            components:
              web: { port: 18181, backend: app }
              app: { port: 18182 }
              db: { port: 13306, role: primary }
          server-2:
            address: 127.0.4.2
            components:
              web: { port: 18181, backend: app }
          server-3:
            address: 127.0.4.3
            components:
              web: { port: 18181, backend: app }
          server-4:
            address: 127.0.4.4
            components:
              web: { port: 18181, backend: app }
        backends:
          roundrobin:
            members: [server-1/web, server-2/web, server-3/web]
            algorithm: roundrobin
            health: { path: /healthz, interval: 1s, timeout: 900ms, rise: 2, fall: 3 }
          weighted:
            members: [{ component: server-1/web, weight: 3 }, server-2/web]
            algorithm: roundrobin
            health: { path: /healthz, interval: 1s, timeout: 900ms, rise: 2, fall: 3 }
          leastconn:
            members: [server-1/web, server-2/web, server-3/web]
            algorithm: leastconn
            health: { path: /healthz, interval: 1s, timeout: 900ms, rise: 2, fall: 3 }
          source:
            members: [server-1/web, server-2/web, server-3/web, server-4/web]
            algorithm: source
            health: { path: /healthz, interval: 300ms, timeout: 300ms, rise: 2, fall: 3 }
          app:
            members: [server-1/app]
            health: { path: /healthz, interval: 1s, timeout: 900ms, rise: 2, fall: 3 }
        database:
          name: foobar
        """;

    public static Uri RoundRobin { get; } = new("http://127.0.4.10:18180/");

    public static Uri Weighted { get; } = new("http://127.0.4.11:18180/");

    public static Uri LeastConn { get; } = new("http://127.0.4.12:18180/");

    public static Uri Source { get; } = new("http://127.0.4.13:18180/");

    /// <summary>
    /// The failover site (127.0.5.x): three balancers, each in front of web servers no other balancer uses, so each
    /// test kills and drains only its own. lb-backup: server-1 active, server-2 its backup, probed every 200 ms.
    /// lb-retry: servers 3 and 4 probed only every 2 s with fall 3, so that only a failed request can take a killed
    /// member out within a second, and one failed request does (error_limit 1). lb-drain: servers 5 and 6.
    /// </summary>
    public const string FailoverSite = """
        site:
          name: www.foobar.com
          files: {site}
          route_header: true
        servers:
          lb-backup:
            address: 127.0.5.10
            components:
              balancer: { port: 18580, backend: backup }
          lb-retry:
            address: 127.0.5.11
            components:
              balancer: { port: 18580, backend: retry }
          lb-drain:
            address: 127.0.5.12
            components:
              balancer: { port: 18580, backend: drain }
          server-1:
            address: 127.0.5.1
            components:
              web: { port: 18581, backend: app }
              app: { port: 18582 }
              db: { port: 13506, role: primary }
          server-2:
            address: 127.0.5.2
            components:
              web: { port: 18581, backend: app }
          server-3:
            address: 127.0.5.3
            components:
              web: { port: 18581, backend: app }
          server-4:
            address: 127.0.5.4
            components:
              web: { port: 18581, backend: app }
          server-5:
            address: 127.0.5.5
            components:
              web: { port: 18581, backend: app }
          server-6:
            address: 127.0.5.6
            components:
              web: { port: 18581, backend: app }
        backends:
          backup:
            members: [server-1/web, { component: server-2/web, backup: true }]
            health: { path: /healthz, interval: 200ms, timeout: 200ms, rise: 2, fall: 2 }
          retry:
            members: [server-3/web, server-4/web]
            health: { path: /healthz, interval: 2s, timeout: 1s, rise: 1, fall: 3, error_limit: 1 }
            retries: 3
          drain:
            members: [server-5/web, server-6/web]
            health: { path: /healthz, interval: 500ms, timeout: 500ms, rise: 2, fall: 3 }
          app:
            members: [server-1/app]
            health: { path: /healthz, interval: 1s, timeout: 900ms, rise: 2, fall: 3 }
        database:
          name: foobar
        """;

    public static Uri Backup { get; } = new("http://127.0.5.10:18580/");

    public static Uri Retry { get; } = new("http://127.0.5.11:18580/");

    public static Uri Drain { get; } = new("http://127.0.5.12:18580/");
}
