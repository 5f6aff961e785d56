using WebInfra.Database.Provisioning;
using WebInfra.Topology.Loading;

namespace WebInfra.Database.Tests.Provisioning;

public sealed class TopologyDatabaseNodesTests
{
    private const string Topology = """
        site:
          name: www.foobar.com
          files: .
        servers:
          server-1:
            address: 127.0.1.1
            components:
              web: { port: 8081, backend: app }
              app: { port: 8082 }
              db: { port: 3306, role: primary }
          server-2:
            address: 127.0.1.2
            components:
              db: { port: 3306, role: replica }
        backends:
          app:
            members: [server-1/app]
        database:
          tls: true
        """;

    [Fact]
    public void Database_tls_gives_each_node_its_own_server_s_certificate_and_the_internal_ca()
    {
        var state = Path.Combine(Path.GetTempPath(), "webinfra-state");

        var nodes = TopologyDatabaseNodes.All(TopologyLoader.Parse(Topology, "site.yaml", Path.GetTempPath()), state);

        Assert.Equal(
            [
                (Path.Combine(state, "tls", "internal", "ca.pem"), Path.Combine(state, "tls", "internal", "server-1.pem"), Path.Combine(state, "tls", "internal", "server-1.key")),
                (Path.Combine(state, "tls", "internal", "ca.pem"), Path.Combine(state, "tls", "internal", "server-2.pem"), Path.Combine(state, "tls", "internal", "server-2.key")),
            ],
            nodes.Select(n => (n.Tls!.AuthorityPath, n.Tls.CertificatePath, n.Tls.KeyPath)));
    }

    [Fact]
    public void Nodes_have_no_certificates_without_database_tls()
    {
        var topology = TopologyLoader.Parse(Topology.Replace("\ndatabase:\n  tls: true", string.Empty, StringComparison.Ordinal), "site.yaml", Path.GetTempPath());

        Assert.All(TopologyDatabaseNodes.All(topology, Path.GetTempPath()), node => Assert.Null(node.Tls));
    }
}
