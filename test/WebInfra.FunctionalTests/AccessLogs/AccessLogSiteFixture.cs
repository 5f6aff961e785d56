using System.Net;
using WebInfra.FunctionalTests.Infrastructure;

namespace WebInfra.FunctionalTests.AccessLogs;

/// <summary>
/// A balancer in front of two web servers, an application server and a primary, on these tests' own addresses
/// (127.0.36.x), with access logs of 4 KiB a file so that a burst of requests rotates them many times. The balancer
/// probes its web servers every 2 s, so a killed one still gets requests (retried elsewhere) for seconds.
/// </summary>
public sealed class AccessLogSiteFixture() : SiteFixture(Topology)
{
    /// <summary>The size of each access log file.</summary>
    public const int MaxSize = 4096;

    public IPEndPoint Balancer { get; } = new(IPAddress.Parse("127.0.36.10"), 18080);

    /// <summary>The client address the tests connect from, so the log's <c>remote_addr</c> is known.</summary>
    public IPAddress Client { get; } = IPAddress.Parse("127.0.36.100");

    private const string Topology = """
        site:
          name: www.foobar.com
          files: {site}
          access_log: { format: combined, max_size: 4kb, keep: 200 }
        servers:
          lb-01:
            address: 127.0.36.10
            components:
              balancer: { port: 18080, backend: web }
          server-1:
            address: 127.0.36.1
            components:
              web: { port: 18081, backend: app }
              app: { port: 18082 }
              db: { port: 13306, role: primary }
          server-2:
            address: 127.0.36.2
            components:
              web: { port: 18081, backend: app }
        backends:
          web:
            members: [server-1/web, server-2/web]
            health: { path: /healthz, interval: 2s, timeout: 500ms, rise: 1, fall: 3 }
          app:
            members: [server-1/app]
            health: { path: /healthz, interval: 200ms, timeout: 150ms, rise: 2, fall: 2 }
        database:
          name: foobar
        """;

    /// <summary>
    /// Every line of a node's access log, its rotated files (oldest first) and then the current one. A rotation while
    /// it reads (a file renamed, or the oldest removed, between the listing and the reading) makes it read them again.
    /// </summary>
    internal IReadOnlyList<string> AccessLogLines(string node)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return ReadAccessLog(node);
            }
            catch (FileNotFoundException) when (attempt < 10)
            {
            }
        }
    }

    private List<string> ReadAccessLog(string node)
    {
        var current = AccessLogPath(node);
        var oldestFirst = AccessLogFiles(node)
            .Select(f => (File: f, Generation: int.TryParse(f[current.Length..].TrimStart('.'), System.Globalization.CultureInfo.InvariantCulture, out var g) ? g : 0))
            .OrderByDescending(f => f.Generation)
            .Select(f => f.File);
        return [.. oldestFirst.SelectMany(File.ReadAllLines)];
    }

    /// <summary>The access log files of a node, the current one included.</summary>
    internal IReadOnlyList<string> AccessLogFiles(string node)
    {
        var current = AccessLogPath(node);
        return [.. Directory.EnumerateFiles(Path.GetDirectoryName(current)!, Path.GetFileName(current) + "*")];
    }

    private string AccessLogPath(string node) => Path.Combine(Site.StateDirectory, "logs", node.Replace('/', '-') + ".access.log");
}
