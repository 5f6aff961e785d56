using System.Net;
using WebInfra.FunctionalTests.Infrastructure;

namespace WebInfra.FunctionalTests.Security;

/// <summary>
/// A site with the firewall on, on these tests' own addresses (127.0.17.x): the balancer and the monitor on lb-01
/// (.10), a web and an application server on each of server-1 (.1) and server-2 (.2), the database primary on db-1 (.3)
/// and its replica on db-2 (.4), so that every tier has neighbours it must let in and others it must not.
/// </summary>
public sealed class FirewallSiteFixture() : SiteFixture(Topology)
{
    public static readonly IPAddress Balancer = IPAddress.Parse("127.0.17.10");

    public static readonly IPAddress Server1 = IPAddress.Parse("127.0.17.1");

    public static readonly IPAddress Server2 = IPAddress.Parse("127.0.17.2");

    public static readonly IPAddress Primary = IPAddress.Parse("127.0.17.3");

    /// <summary>An address on this machine that is no server of the site.</summary>
    public static readonly IPAddress Stranger = IPAddress.Parse("127.0.17.99");

    public const int BalancerPort = 18780;
    public const int MonitorPort = 18790;
    public const int WebPort = 18781;
    public const int AppPort = 18782;
    public const int DatabasePort = 13706;

    private const string Topology = """
        site:
          name: www.foobar.com
          files: {site}
        servers:
          lb-01:
            address: 127.0.17.10
            components:
              balancer: { port: 18780, backend: web }
              monitor: { port: 18790 }
          server-1:
            address: 127.0.17.1
            components:
              web: { port: 18781, backend: app }
              app: { port: 18782 }
          server-2:
            address: 127.0.17.2
            components:
              web: { port: 18781, backend: app }
              app: { port: 18782 }
          db-1:
            address: 127.0.17.3
            components:
              db: { port: 13706, role: primary }
          db-2:
            address: 127.0.17.4
            components:
              db: { port: 13706, role: replica }
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
