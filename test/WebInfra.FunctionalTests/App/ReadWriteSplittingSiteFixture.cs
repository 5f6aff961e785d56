using WebInfra.FunctionalTests.Infrastructure;

namespace WebInfra.FunctionalTests.App;

/// <summary>
/// One web server and one application server in front of a primary and two replicas, on 127.0.8.x. One application
/// server, so that every read the tests count was routed by the same process. Reads wait up to 2 s for a client's own
/// write, so that a replica released while a read waits applies the write within that wait on a busy machine too.
/// </summary>
public sealed class ReadWriteSplittingSiteFixture() : SiteFixture(Topology)
{
    public const int DatabasePort = 13806;

    public static readonly string[] DatabaseHosts = ["127.0.8.1", "127.0.8.2", "127.0.8.3"];

    private const string Topology = """
        site:
          name: www.foobar.com
          files: {site}
        servers:
          server-1:
            address: 127.0.8.1
            components:
              web: { port: 18881, backend: app }
              app: { port: 18882 }
              db: { port: 13806, role: primary }
          server-2:
            address: 127.0.8.2
            components:
              db: { port: 13806, role: replica }
          server-3:
            address: 127.0.8.3
            components:
              db: { port: 13806, role: replica }
        backends:
          app:
            members: [server-1/app]
        database:
          name: foobar
          reads: { max_lag: 5s, read_your_writes_timeout: 2s }
        """;
}
