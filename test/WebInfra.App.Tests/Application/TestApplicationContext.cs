using WebInfra.Hosting;
using WebInfra.Topology.Loading;

namespace WebInfra.App.Tests.Application;

/// <summary>An application server running the user's command, answering health on its path, on 127.0.44.1, with a run-state folder of its own.</summary>
internal sealed class TestApplicationContext : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("webinfra-app-state");

    public TestApplicationContext(string command, string extra = "", bool database = true, string health = "/healthz")
    {
        var topology = TopologyLoader.Parse($$"""
            site: { name: notes.example, files: . }
            servers:
              server-1:
                address: 127.0.44.1
                components:
                  web: { port: 8081, backend: app }
                  app: { port: 18082, command: "{{command}}", health: {{health}}{{extra}} }
                  {{(database ? "db: { port: 3306, role: primary }" : string.Empty)}}
            backends:
              app: { members: [server-1/app], health: { path: {{health}} } }
            database: { name: notes }
            """, "test.yaml", _directory.FullName);
        Context = new ComponentContext(topology, topology.FindComponent("server-1/app")!, _directory.FullName);
    }

    public ComponentContext Context { get; }

    public void Dispose() => _directory.Delete(recursive: true);
}
