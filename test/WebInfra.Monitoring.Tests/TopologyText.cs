using WebInfra.Monitoring.Doctor;
using WebInfra.Topology.Loading;

namespace WebInfra.Monitoring.Tests;

/// <summary>Topologies for tests: the shipped presets, and small ones written inline against a real site folder.</summary>
internal static class TopologyText
{
    public const string FileName = "site.yaml";

    /// <summary>A site folder holding one file, <c>index.html</c>, so diagrams have a real static file to show.</summary>
    public static string SiteDirectory { get; } = CreateSite();

    /// <summary>
    /// Every tier on two servers of its own, a monitor on a third, semi-sync, database TLS, no route header: only the gaps
    /// WebInfra cannot close yet (firewall, HTTPS) and the ones it has no answer for yet (one monitor, tiers unwatched) remain.
    /// </summary>
    public const string Redundant = """
        site:
          name: www.example.com
          files: .
          route_header: false
        servers:
          lb-01:
            address: 10.0.0.1
            components:
              balancer: { port: 80, backend: web }
          lb-02:
            address: 10.0.0.2
            components:
              balancer: { port: 80, backend: web }
          mon-01:
            address: 10.0.0.3
            components:
              monitor: { port: 8090 }
          web-1:
            address: 10.0.0.11
            components:
              web: { port: 8081, backend: app }
          web-2:
            address: 10.0.0.12
            components:
              web: { port: 8081, backend: app }
          app-1:
            address: 10.0.0.21
            components:
              app: { port: 8082 }
          app-2:
            address: 10.0.0.22
            components:
              app: { port: 8082 }
          db-1:
            address: 10.0.0.31
            components:
              db: { port: 3306, role: primary }
          db-2:
            address: 10.0.0.32
            components:
              db: { port: 3306, role: replica }
          ns-1:
            address: 10.0.0.53
            components:
              dns: { port: 53 }
        backends:
          web:
            members: [web-1/web, web-2/web]
          app:
            members: [app-1/app, app-2/app]
        database:
          name: foobar
          replication: semisync
          tls: true
        dns:
          zone: example.com
          records:
            www: [10.0.0.1, 10.0.0.2]
        """;

    public static Topology.Model.Topology Load(string yaml) => TopologyLoader.Parse(yaml, FileName, SiteDirectory);

    /// <summary>A preset from the repository's <c>topologies/</c> folder, loaded as the CLI loads it.</summary>
    public static Topology.Model.Topology Preset(string fileName) => TopologyLoader.Load(Path.Combine(RepositoryRoot, "topologies", fileName));

    /// <summary>The names of the rules that fire on <paramref name="yaml"/>, in the order <c>doctor</c> lists them.</summary>
    public static IReadOnlyList<string> Rules(string yaml) => [.. TopologyDoctor.Examine(Load(yaml)).Findings.Select(f => f.Rule)];

    /// <summary>The one finding <paramref name="rule"/> makes on <paramref name="yaml"/>.</summary>
    public static Finding Finding(string yaml, string rule) => Assert.Single(TopologyDoctor.Examine(Load(yaml)).Findings, f => f.Rule == rule);

    /// <summary><see cref="Redundant"/> with one piece of text replaced, which must occur exactly once.</summary>
    public static string RedundantWith(string original, string replacement)
    {
        var index = Redundant.IndexOf(original, StringComparison.Ordinal);
        Assert.True(index >= 0 && Redundant.IndexOf(original, index + 1, StringComparison.Ordinal) < 0, $"'{original}' must occur once");
        return string.Concat(Redundant.AsSpan(0, index), replacement, Redundant.AsSpan(index + original.Length));
    }

    private static string RepositoryRoot { get; } = FindRepositoryRoot();

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "WebInfra.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("repository root (WebInfra.slnx) not found above " + AppContext.BaseDirectory);
    }

    private static string CreateSite()
    {
        var site = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "test-site")).FullName;
        File.WriteAllText(Path.Combine(site, "index.html"), "<h1>hello</h1>");
        return site;
    }
}
