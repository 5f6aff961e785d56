using WebInfra.FunctionalTests.Infrastructure;

namespace WebInfra.FunctionalTests.Database;

/// <summary>
/// A site with a database monitor and three database nodes (a primary and two replicas), on addresses of these tests'
/// own (127.0.7.x). A web server must forward to an application server, and an application server needs a primary, so
/// server-1 has one of each; the tests talk to the database nodes directly, as the application user.
/// </summary>
public sealed class FailoverSite() : SiteFixture(Topology)
{
    public const int DatabasePort = 13706;

    public static readonly IReadOnlyList<string> DatabaseNodes = ["server-1/db", "server-2/db", "server-3/db"];

    private const string Topology = """
        site:
          name: www.foobar.com
          files: {site}
        servers:
          lb-01:
            address: 127.0.7.10
            components:
              monitor: { port: 18790 }
          server-1:
            address: 127.0.7.1
            components:
              web: { port: 18781, backend: app }
              app: { port: 18782 }
              db: { port: 13706, role: primary }
          server-2:
            address: 127.0.7.2
            components:
              db: { port: 13706, role: replica }
          server-3:
            address: 127.0.7.3
            components:
              db: { port: 13706, role: replica }
        backends:
          app:
            members: [server-1/app]
        """;

    public static string HostOf(string node) => $"127.0.7.{node[7]}";
}
