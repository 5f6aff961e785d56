namespace WebInfra.Monitoring.Tests.Diagrams;

/// <summary>A small topology that uses every kind of edge a diagram draws.</summary>
internal static class DiagramTopologies
{
    public const string Small = """
        site:
          name: shop.example
          files: .
        servers:
          edge:
            address: 10.1.0.1
            components:
              balancer: { port: 80, backend: web }
              monitor: { port: 8090 }
          s1:
            address: 10.1.0.2
            components:
              web: { port: 8081, backend: app }
              app: { port: 8082 }
              db: { port: 3306, role: primary }
          s2:
            address: 10.1.0.3
            components:
              web: { port: 8081, backend: app }
              db: { port: 3306, role: replica }
        backends:
          web:
            members: [s1/web, { component: s2/web, backup: true }]
            algorithm: leastconn
          app:
            members: [{ component: s1/app, weight: 2 }]
            algorithm: source
        database:
          replication: async
          failover: { interval: 2s, fall: 3 }
        """;
}
