using WebInfra.Monitoring.Diagrams;

namespace WebInfra.Monitoring.Tests.Diagrams;

public sealed class FlowchartDiagramTests
{
    [Fact]
    public void Flowchart_groups_nodes_by_server_and_labels_every_edge()
    {
        var diagram = FlowchartDiagram.Create(TopologyText.Load(DiagramTopologies.Small));

        Assert.Equal(
            """
            flowchart LR
                client(["client"])
                subgraph s_edge["edge 10.1.0.1"]
                    n_edge_balancer["edge/balancer<br/>10.1.0.1:80"]
                    n_edge_monitor{{"edge/monitor<br/>10.1.0.1:8090"}}
                end
                subgraph s_s1["s1 10.1.0.2"]
                    n_s1_web["s1/web<br/>10.1.0.2:8081"]
                    n_s1_app["s1/app<br/>10.1.0.2:8082"]
                    n_s1_db[("s1/db (primary)<br/>10.1.0.2:3306")]
                end
                subgraph s_s2["s2 10.1.0.3"]
                    n_s2_web["s2/web<br/>10.1.0.3:8081"]
                    n_s2_db[("s2/db (replica)<br/>10.1.0.3:3306")]
                end
                client -->|"HTTP shop.example:80"| n_edge_balancer
                n_edge_balancer -->|"leastconn"| n_s1_web
                n_edge_balancer -.->|"leastconn, backup"| n_s2_web
                n_s1_web -->|"source, weight 2"| n_s1_app
                n_s2_web -->|"source, weight 2"| n_s1_app
                n_s1_app -->|"writes"| n_s1_db
                n_s1_app -->|"reads"| n_s2_db
                n_s1_db ==>|"async"| n_s2_db
                n_edge_monitor -.->|"checks every 2 s"| n_s1_db
                n_edge_monitor -.->|"checks every 2 s"| n_s2_db

            """.Replace("\r\n", "\n", StringComparison.Ordinal),
            diagram);
    }

    [Theory]
    [InlineData("distributed.yaml")]
    [InlineData("simple-web-stack.yaml")]
    [InlineData("distributed-hosts.yaml")]
    public void Flowchart_of_a_preset_shows_every_component_and_server(string preset)
    {
        var topology = TopologyText.Preset(preset);

        var diagram = FlowchartDiagram.Create(topology);

        Assert.StartsWith("flowchart LR\n", diagram, StringComparison.Ordinal);
        Assert.All(topology.Components, c => Assert.Contains($"\"{c.Name}", diagram, StringComparison.Ordinal));
        Assert.All(topology.Servers, s => Assert.Contains($"subgraph {"s_" + s.Name.Replace('-', '_')}[\"{s.Name} {s.Address}\"]", diagram, StringComparison.Ordinal));
        Assert.DoesNotContain("/", string.Join(" ", diagram.Split('\n').Select(NodeIdsOf)), StringComparison.Ordinal);
    }

    [Fact]
    public void Distributed_flowchart_shows_semi_sync_replication_and_the_monitor_s_checks()
    {
        var diagram = FlowchartDiagram.Create(TopologyText.Preset("distributed.yaml"));

        Assert.Contains("    n_server_1_db ==>|\"semi-sync\"| n_server_2_db\n", diagram, StringComparison.Ordinal);
        Assert.Contains("    n_lb_01_monitor -.->|\"checks every 500 ms\"| n_server_1_db\n", diagram, StringComparison.Ordinal);
        Assert.Equal(
            ["    n_server_1_web -->|\"roundrobin\"| n_server_1_app", "    n_server_1_app -->|\"reads, writes\"| n_server_1_db"],
            FlowchartDiagram.Create(TopologyText.Preset("simple-web-stack.yaml")).Split('\n')[^3..^1]);
    }

    [Fact]
    public void Every_monitor_checks_the_nodes_and_elects_the_leader_through_the_etcd_member_beside_it()
    {
        var diagram = FlowchartDiagram.Create(TopologyText.Preset("distributed-hosts.yaml"));

        foreach (var server in new[] { "lb_01", "mon_01", "mon_02" })
        {
            Assert.Contains($"    n_{server}_monitor -.->|\"checks every 500 ms\"| n_server_1_db\n", diagram, StringComparison.Ordinal);
            Assert.Contains($"    n_{server}_monitor -.->|\"elects the leader\"| n_{server}_etcd\n", diagram, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(500, "500 ms")]
    [InlineData(2000, "2 s")]
    [InlineData(1500, "1500 ms")]
    public void Durations_are_written_as_topology_files_write_them(int milliseconds, string expected)
    {
        Assert.Equal(expected, FlowchartDiagram.Duration(TimeSpan.FromMilliseconds(milliseconds)));
    }

    /// <summary>The ids on an edge line: everything outside quotes and labels.</summary>
    private static string NodeIdsOf(string line) => line.Contains("-->", StringComparison.Ordinal) || line.Contains("-.->", StringComparison.Ordinal) || line.Contains("==>", StringComparison.Ordinal)
        ? string.Join(" ", line.Split('|').Where((_, i) => i % 2 == 0))
        : string.Empty;
}
