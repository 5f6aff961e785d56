using WebInfra.Monitoring.Diagrams;

namespace WebInfra.Monitoring.Tests.Diagrams;

public sealed class SequenceDiagramTests
{
    [Fact]
    public void Sequence_follows_one_request_through_the_first_active_members_with_asynchronous_replication()
    {
        var diagram = SequenceDiagram.Create(TopologyText.Load(DiagramTopologies.Small));

        Assert.Equal(
            """
            sequenceDiagram
                participant Client as client
                participant DNS
                participant Balancer as edge/balancer<br/>10.1.0.1:80
                participant Web as s1/web<br/>10.1.0.2:8081
                participant App as s1/app<br/>10.1.0.2:8082
                participant Primary as s1/db (primary)<br/>10.1.0.2:3306
                participant Replica as s2/db (replica)<br/>10.1.0.3:3306
                Client->>DNS: address of shop.example?
                DNS-->>Client: 10.1.0.1
                Note over Client,Web: a static file, answered by the web server
                Client->>Balancer: GET /index.html
                Balancer->>Web: GET /index.html (backend web, leastconn)
                Note over Web: read from the site's files
                Web-->>Balancer: 200 OK
                Balancer-->>Client: 200 OK
                Note over Client,Replica: a read, answered by a replica
                Client->>Balancer: GET /api/posts/1
                Balancer->>Web: GET /api/posts/1 (backend web, leastconn)
                Web->>App: GET /api/posts/1 (backend app, source)
                App->>Replica: SELECT the post
                Replica-->>App: the post
                App-->>Web: 200 OK, the post as JSON
                Web-->>Balancer: 200 OK, the post as JSON
                Balancer-->>Client: 200 OK, the post as JSON
                Note over Client,Replica: a write, committed on the primary, replicated after it returns (async)
                Client->>Balancer: POST /api/posts
                Balancer->>Web: POST /api/posts (backend web, leastconn)
                Web->>App: POST /api/posts (backend app, source)
                App->>Primary: INSERT the post, COMMIT
                Primary-->>App: committed, with its GTID
                Primary-)Replica: the transaction (binary log), after the commit returned
                App-->>Web: 201 Created
                Web-->>Balancer: 201 Created
                Balancer-->>Client: 201 Created

            """.Replace("\r\n", "\n", StringComparison.Ordinal),
            diagram);
    }

    [Fact]
    public void Semi_sync_write_returns_only_after_the_replica_acknowledges()
    {
        var lines = SequenceDiagram.Create(TopologyText.Preset("distributed.yaml")).Split('\n');

        var insert = Array.IndexOf(lines, "    App->>Primary: INSERT the post, COMMIT");
        Assert.Equal(
            ["    Primary->>Replica: the transaction (binary log)", "    Replica-->>Primary: ACK: in the relay log", "    Primary-->>App: committed, with its GTID"],
            lines[(insert + 1)..(insert + 4)]);
    }

    [Fact]
    public void Site_without_balancer_is_reached_at_its_web_server_and_reads_from_the_primary()
    {
        var diagram = SequenceDiagram.Create(TopologyText.Preset("simple-web-stack.yaml"));

        Assert.DoesNotContain("participant Balancer", diagram, StringComparison.Ordinal);
        Assert.DoesNotContain("Replica", diagram, StringComparison.Ordinal);
        Assert.Contains("    DNS-->>Client: 127.0.1.1\n", diagram, StringComparison.Ordinal);
        Assert.Contains("    Client->>Web: GET /api/posts/1\n", diagram, StringComparison.Ordinal);
        Assert.Contains("    App->>Primary: SELECT the post\n", diagram, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("distributed.yaml", "lb-01/balancer", "server-1/web", "server-1/app", "server-1/db", "server-2/db")]
    [InlineData("simple-web-stack.yaml", "server-1/web", "server-1/app", "server-1/db")]
    public void Sequence_of_a_preset_names_the_components_on_the_path(string preset, params string[] components)
    {
        var diagram = SequenceDiagram.Create(TopologyText.Preset(preset));

        Assert.All(components, c => Assert.Contains($" as {c}", diagram, StringComparison.Ordinal));
    }

    [Fact]
    public void Static_file_shown_is_one_the_site_serves()
    {
        var site = TopologyText.Preset("distributed.yaml").Site;

        Assert.Equal("/favicon.ico", SequenceDiagram.SampleFile(site));
    }
}
