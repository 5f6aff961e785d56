using WebInfra.FunctionalTests.Infrastructure;

namespace WebInfra.FunctionalTests.Database;

/// <summary>
/// A site with three database monitors, each beside an etcd member on a server of its own (mon-01 to mon-03), and three
/// database nodes, on addresses of these tests' own (127.0.57.x): the monitors elect the one that acts through etcd.
/// </summary>
public sealed class MonitorElectionSite() : SiteFixture(Topology)
{
    public const int DatabasePort = 13806;

    public const int MonitorAdminPort = 19890;

    public static readonly IReadOnlyList<string> DatabaseNodes = ["server-1/db", "server-2/db", "server-3/db"];

    public static readonly IReadOnlyList<string> Monitors = ["mon-01/monitor", "mon-02/monitor", "mon-03/monitor"];

    private const string Topology = """
        site:
          name: www.foobar.com
          files: {site}
        servers:
          mon-01:
            address: 127.0.57.11
            components:
              monitor: { port: 18890 }
              etcd: { port: 12379 }
          mon-02:
            address: 127.0.57.12
            components:
              monitor: { port: 18890 }
              etcd: { port: 12379 }
          mon-03:
            address: 127.0.57.13
            components:
              monitor: { port: 18890 }
              etcd: { port: 12379 }
          server-1:
            address: 127.0.57.1
            components:
              web: { port: 18881, backend: app }
              app: { port: 18882 }
              db: { port: 13806, role: primary }
          server-2:
            address: 127.0.57.2
            components:
              db: { port: 13806, role: replica }
          server-3:
            address: 127.0.57.3
            components:
              db: { port: 13806, role: replica }
        backends:
          app:
            members: [server-1/app]
        """;

    /// <summary>A database node's or a monitor's address: server-N is 127.0.57.N, mon-0N is 127.0.57.1N.</summary>
    public static string HostOf(string component) => component.StartsWith("mon-", StringComparison.Ordinal)
        ? $"127.0.57.1{component[5]}"
        : $"127.0.57.{component[7]}";
}
