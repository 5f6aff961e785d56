using WebInfra.FunctionalTests.Infrastructure;

namespace WebInfra.FunctionalTests.Database;

/// <summary>
/// The site the clone tests bring up: server-1 (web, application, primary) and server-2 (replica) on
/// <c>NETWORK.1</c> and <c>.2</c>, and once server-3 is added, a third database server on <c>.3</c>.
/// </summary>
internal static class ReplicaCloneTopology
{
    public const int WebPort = 15081;

    public const int DatabasePort = 15306;

    /// <summary>The topology on <paramref name="network"/> (<c>127.0.50</c>), with <paramref name="hosts"/> lines at the top, and server-3 when <paramref name="withServer3"/>.</summary>
    public static string Create(string network, string hosts, bool withServer3)
    {
        var server3 = withServer3
            ? $$"""
                  server-3:
                    address: {{network}}.3
                    components:
                      db: { port: {{DatabasePort}}, role: replica }
                """
            : string.Empty;
        return $$"""
            site:
              name: www.foobar.com
              files: {{Repository.SiteFiles}}
            {{hosts}}
            servers:
              server-1:
                address: {{network}}.1
                components:
                  web: { port: {{WebPort}}, backend: app }
                  app: { port: 15082 }
                  db: { port: {{DatabasePort}}, role: primary }
              server-2:
                address: {{network}}.2
                components:
                  db: { port: {{DatabasePort}}, role: replica }
            {{server3}}
            backends:
              app:
                members: [server-1/app]
            database:
              name: foobar
            """;
    }
}
