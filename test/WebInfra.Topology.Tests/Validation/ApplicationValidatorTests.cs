namespace WebInfra.Topology.Tests.Validation;

public sealed class ApplicationValidatorTests
{
    private const string SampleApps = "      app: { port: 8082 }\n";

    /// <summary>The distributed topology with both application servers (lines 14 and 20) written as <paramref name="app"/>.</summary>
    private static string WithApps(string app) => TopologyText.Distributed.Replace(SampleApps, app + "\n", StringComparison.Ordinal);

    /// <summary>The distributed topology with server-1's application alone running a command, and <paramref name="database"/> after its replication line.</summary>
    private static string WithCommandAndDatabase(string database) => TopologyText.With(
        TopologyText.DistributedWith("  replication: async", "  replication: async\n" + database),
        SampleApps + "      db: { port: 3306, role: primary }",
        "      app: { port: 8082, command: ./serve }\n      db: { port: 3306, role: primary }");

    [Fact]
    public void Applications_with_an_existing_folder_and_matching_health_are_valid()
    {
        var topology = TopologyText.Load(WithApps("      app: { port: 8082, command: ./serve, directory: . }"));

        Assert.All(topology.Components.Where(c => c.Kind == Model.ComponentKind.App), c => Assert.NotNull(c.Application));
    }

    [Fact]
    public void Application_folder_that_does_not_exist_is_refused_at_its_directory()
    {
        var errors = TopologyText.Errors(WithApps("      app: { port: 8082, command: ./serve, directory: ./missing }"));

        Assert.Equal(2, errors.Count);
        Assert.Equal($"the folder of server-1/app's application, '{Path.Combine(TopologyText.SiteDirectory, "missing")}', does not exist", errors[0].Message);
        Assert.Equal((14, 55), (errors[0].Location.Line, errors[0].Location.Column));
    }

    [Fact]
    public void Backend_that_probes_another_path_than_its_application_answers_is_refused()
    {
        var errors = TopologyText.Errors(WithApps("      app: { port: 8082, command: ./serve, health: /ready }"));

        Assert.Equal(2, errors.Count);
        Assert.Equal("backend 'app' probes /healthz, but server-1/app's application answers health on /ready", errors[0].Message);
        Assert.Equal("set the backend's health path to /ready, or the application's 'health' to /healthz", errors[0].Hint);
    }

    [Fact]
    public void Database_endpoint_on_a_port_another_listener_uses_is_refused()
    {
        var error = Assert.Single(TopologyText.Errors(WithCommandAndDatabase("  endpoints: { writer: 3306 }")));

        Assert.StartsWith("the database writer endpoint of 'server-1/app' (database.endpoints) listens on 127.0.1.1:3306, which 'server-1/db' already uses", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Database_endpoints_on_one_port_are_refused()
    {
        var error = Assert.Single(TopologyText.Errors(WithCommandAndDatabase("  endpoints: { writer: 7000, reader: 7000 }")));

        Assert.StartsWith("the database reader endpoint of 'server-1/app' (database.endpoints) listens on 127.0.1.1:7000, which the database writer endpoint of 'server-1/app'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Schema_file_that_does_not_exist_is_refused_at_its_line()
    {
        var error = Assert.Single(TopologyText.Errors(TopologyText.DistributedWith("  replication: async", "  replication: async\n  schema: missing.sql")));

        Assert.Equal($"the database schema file '{Path.Combine(TopologyText.SiteDirectory, "missing.sql")}' does not exist", error.Message);
        Assert.Equal(32, error.Location.Line);
    }

    [Fact]
    public void The_users_application_needs_no_database()
    {
        const string yaml = """
            site: { name: app.example, files: . }
            servers:
              server-1:
                address: 127.0.1.1
                components:
                  web: { port: 8081, backend: app }
                  app: { port: 8082, command: ./serve }
            backends:
              app: { members: [server-1/app] }
            """;

        var topology = TopologyText.Load(yaml);

        Assert.Empty(topology.DatabaseEndpointsOf(topology.FindComponent("server-1/app")!));
    }
}
