using WebInfra.Topology.Loading;

namespace WebInfra.Topology.Tests;

/// <summary>Topology files written inline for tests, loaded against a real site folder.</summary>
internal static class TopologyText
{
    public const string FileName = "site.yaml";

    public static string SiteDirectory { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "test-site")).FullName;

    public const string Distributed = """
        site:
          name: www.foobar.com
          files: .
          route_header: true
        servers:
          lb-01:
            address: 127.0.1.10
            components:
              balancer: { port: 8080, backend: web }
          server-1:
            address: 127.0.1.1
            components:
              web: { port: 8081, backend: app }
              app: { port: 8082 }
              db: { port: 3306, role: primary }
          server-2:
            address: 127.0.1.2
            components:
              web: { port: 8081, backend: app }
              app: { port: 8082 }
              db: { port: 3306, role: replica }
        backends:
          web:
            members: [server-1/web, server-2/web]
            algorithm: roundrobin
            health: { path: /healthz, interval: 1s, timeout: 500ms, rise: 2, fall: 3 }
          app:
            members: [server-1/app, server-2/app]
        database:
          name: foobar
          replication: async
        """;

    public static Model.Topology Load(string yaml) => TopologyLoader.Parse(yaml, FileName, SiteDirectory);

    public static IReadOnlyList<TopologyError> Errors(string yaml) =>
        Assert.Throws<TopologyException>(() => Load(yaml)).Errors;

    /// <summary>The distributed topology with one piece of text replaced, which must occur exactly once.</summary>
    public static string DistributedWith(string original, string replacement)
    {
        var index = Distributed.IndexOf(original, StringComparison.Ordinal);
        Assert.True(index >= 0 && Distributed.IndexOf(original, index + 1, StringComparison.Ordinal) < 0, $"'{original}' must occur once");
        return string.Concat(Distributed.AsSpan(0, index), replacement, Distributed.AsSpan(index + original.Length));
    }
}
