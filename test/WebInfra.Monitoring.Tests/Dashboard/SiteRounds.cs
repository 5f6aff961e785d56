using Microsoft.Extensions.Time.Testing;
using WebInfra.Monitoring.Dashboard;
using WebInfra.Monitoring.Metrics;
using WebInfra.Monitoring.Sampling;
using WebInfra.Topology.Loading;
using SiteTopology = WebInfra.Topology.Model.Topology;

namespace WebInfra.Monitoring.Tests.Dashboard;

/// <summary>
/// A distributed site (balancer, two web, two app, primary and replica, monitor) and rounds of polling made up for it on
/// a fake clock: every component healthy with no traffic unless a test says otherwise.
/// </summary>
internal sealed class SiteRounds
{
    private const string Yaml = """
        site:
          name: www.foobar.com
          files: .
        servers:
          lb-01:
            address: 127.0.1.10
            components:
              balancer: { port: 8080, backend: web }
              monitor: { port: 8090 }
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
          app:
            members: [server-1/app, server-2/app]
        database:
          reads: { max_lag: 5s }
        """;

    private static readonly Lazy<SiteTopology> s_topology = new(() =>
        TopologyLoader.Parse(Yaml, "site.yaml", Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "test-site")).FullName));

    private readonly DateTimeOffset _start;

    public SiteRounds() => _start = Time.GetUtcNow();

    public static SiteTopology Topology => s_topology.Value;

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

    public FrameBuilder Builder { get; } = new(Topology, TimeSpan.FromSeconds(5));

    /// <summary>Metrics text for each component that has some; the others export nothing yet.</summary>
    public Dictionary<string, string> Metrics { get; } = new(StringComparer.Ordinal);

    /// <summary>Components whose health check fails, with the reason.</summary>
    public Dictionary<string, string> Down { get; } = new(StringComparer.Ordinal);

    /// <summary>Member states as a forwarder reports them, by (forwarder, member); UP when not set.</summary>
    public Dictionary<(string Forwarder, string Member), string> MemberStates { get; } = [];

    public DatabaseClusterView Database { get; set; } = Cluster(("server-1/db", "primary", null), ("server-2/db", "replica", 0));

    public static DatabaseClusterView Cluster(params (string Name, string Role, long? Lag)[] nodes) => Cluster(0, null, nodes);

    public static DatabaseClusterView Cluster(int failovers, double? lastFailoverSeconds, params (string Name, string Role, long? Lag)[] nodes) => new(
        nodes.FirstOrDefault(n => n.Role == "primary").Name,
        "semisync",
        [.. nodes.Select(n => new DatabaseNodeView(n.Name, "127.0.0.1:3306", n.Role, n.Role == "down" ? null : n.Role != "primary", n.Lag, n.Role == "replica" ? true : null, "0-1-5", n.Role == "down" ? "connection refused" : null))],
        failovers,
        lastFailoverSeconds);

    /// <summary>A round taken now, as the sampler would have polled the site as these properties describe it.</summary>
    public SampleRound Round()
    {
        var scrapes = new Dictionary<string, ComponentScrape>(StringComparer.Ordinal);
        foreach (var component in Topology.Components.Where(c => c.AdminEndPoint is not null))
        {
            var down = Down.GetValueOrDefault(component.Name);
            var backend = component.Backend is { } name && down is null
                ? new BackendView(name, component.Name, [.. Topology.MembersOf(Topology.FindBackend(name)!)
                    .Select(m => new BackendMemberView(m.Name, MemberStates.GetValueOrDefault((component.Name, m.Name), "UP")))])
                : null;
            var metrics = down is null ? MetricSet.Parse(Metrics.GetValueOrDefault(component.Name, string.Empty)) : null;
            scrapes.Add(component.Name, new ComponentScrape(component, down, metrics, down, backend));
        }

        return new SampleRound(Time.GetUtcNow() - _start, Time.GetUtcNow(), scrapes, Database);
    }
}
