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

    /// <summary>
    /// Every server a network namespace on 10.77.0.0/24: lb-01 and server-2 leave their addresses to be assigned,
    /// server-1 states 10.77.0.2.
    /// </summary>
    public const string Namespaces = """
        site:
          name: www.foobar.com
          files: .
        hosts: namespaces
        network:
          subnet: 10.77.0.0/24
        servers:
          lb-01:
            components:
              balancer: { port: 8080, backend: web }
          server-1:
            address: 10.77.0.2
            components:
              web: { port: 8081, backend: app }
              app: { port: 8082 }
              db: { port: 3306, role: primary }
          server-2:
            components:
              web: { port: 8081, backend: app }
              app: { port: 8082 }
              db: { port: 3306, role: replica }
        backends:
          web:
            members: [server-1/web, server-2/web]
          app:
            members: [server-1/app, server-2/app]
        """;

    /// <summary>
    /// The distributed topology with a DNS server, ns-01 at 127.0.1.53 on port 5353, serving foobar.com: the section
    /// starts on line 36 (zone on line 37, the www record on line 39).
    /// </summary>
    public static string WithDns { get; } = With(Distributed, "backends:\n", """
          ns-01:
            address: 127.0.1.53
            components:
              dns: { port: 5353 }
        backends:

        """) + """

        dns:
          zone: foobar.com
          records:
            www: [lb-01]
            api: server-1/app
            static: [127.0.1.1, 127.0.1.2]

        """;

    /// <summary>Two servers reached over SSH: web-1 at its own target (line 12; the section on line 5), web-2 at the section's user and port.</summary>
    public const string Ssh = """
        site:
          name: www.foobar.com
          files: .
        hosts: ssh
        ssh: { user: deploy, port: 2222 }
        servers:
          lb-01:
            address: 203.0.113.10
            components:
              balancer: { port: 8080, backend: web }
          web-1:
            ssh: admin@web-1.example.com
            address: 203.0.113.1
            components:
              web: { port: 8081, backend: app }
              app: { port: 8082, command: exec ./app }
          web-2:
            address: 203.0.113.2
            components:
              web: { port: 8081, backend: app }
              app: { port: 8082, command: exec ./app }
        backends:
          web:
            members: [web-1/web, web-2/web]
          app:
            members: [web-1/app, web-2/app]
        """;

    public static Model.Topology Load(string yaml) => TopologyLoader.Parse(yaml, FileName, SiteDirectory);

    public static IReadOnlyList<TopologyError> Errors(string yaml) =>
        Assert.Throws<TopologyException>(() => Load(yaml)).Errors;

    /// <summary>The distributed topology with one piece of text replaced, which must occur exactly once.</summary>
    public static string DistributedWith(string original, string replacement) => With(Distributed, original, replacement);

    /// <summary><paramref name="yaml"/> with one piece of text replaced, which must occur exactly once.</summary>
    public static string With(string yaml, string original, string replacement)
    {
        var index = yaml.IndexOf(original, StringComparison.Ordinal);
        Assert.True(index >= 0 && yaml.IndexOf(original, index + 1, StringComparison.Ordinal) < 0, $"'{original}' must occur once");
        return string.Concat(yaml.AsSpan(0, index), replacement, yaml.AsSpan(index + original.Length));
    }
}
