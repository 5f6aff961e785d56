using WebInfra.Hosting;
using WebInfra.Topology.Loading;

namespace WebInfra.Balancer.Tests;

/// <summary>A balancer's component context with a run-state folder of its own, deleted on dispose.</summary>
internal sealed class TestComponentContext : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("webinfra-balancer-state");

    public TestComponentContext()
    {
        var topology = TopologyLoader.Parse("""
            site: { name: www.foobar.com, files: . }
            servers:
              lb-01: { address: 127.0.1.10, components: { balancer: { port: 8080, backend: web } } }
              server-1: { address: 127.0.1.1, components: { web: { port: 8081, backend: app }, app: { port: 8082 }, db: { port: 3306, role: primary } } }
            backends:
              web: { members: [server-1/web] }
              app: { members: [server-1/app] }
            """, "test.yaml", _directory.FullName);
        Context = new ComponentContext(topology, topology.FindComponent("lb-01/balancer")!, _directory.FullName);
    }

    public ComponentContext Context { get; }

    public void Dispose() => _directory.Delete(recursive: true);
}
