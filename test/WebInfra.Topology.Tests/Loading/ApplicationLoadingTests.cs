using WebInfra.Topology.Model;

namespace WebInfra.Topology.Tests.Loading;

public sealed class ApplicationLoadingTests
{
    private const string SampleApp = "      app: { port: 8082 }\n      db: { port: 3306, role: primary }";

    /// <summary>The distributed topology with server-1's application (line 14) written as <paramref name="app"/>.</summary>
    private static string WithApp(string app) => TopologyText.DistributedWith(SampleApp, app + "\n      db: { port: 3306, role: primary }");

    [Fact]
    public void Application_without_a_command_is_the_sample_board()
    {
        var topology = TopologyText.Load(TopologyText.Distributed);

        Assert.All(topology.Components.Where(c => c.Kind == ComponentKind.App), c => Assert.Null(c.Application));
        Assert.Empty(topology.DatabaseEndpointsOf(topology.FindComponent("server-1/app")!));
    }

    [Fact]
    public void Application_command_is_read_with_its_folder_environment_health_and_timeouts()
    {
        var topology = TopologyText.Load(WithApp("""
                  app:
                    port: 8082
                    command: exec python3 -m notes
                    directory: .
                    env: { LOG_LEVEL: debug, WORKERS: 4, EMPTY: "" }
                    health: /healthz
                    start_timeout: 45s
                    stop_timeout: 20s
            """.TrimEnd()));

        var application = topology.FindComponent("server-1/app")!.Application!;
        Assert.Equal("exec python3 -m notes", application.Command);
        Assert.Equal(TopologyText.SiteDirectory, application.Directory);
        Assert.Equal(new Dictionary<string, string> { ["LOG_LEVEL"] = "debug", ["WORKERS"] = "4", ["EMPTY"] = string.Empty }, application.Environment);
        Assert.Equal("/healthz", application.HealthPath);
        Assert.Equal(TimeSpan.FromSeconds(45), application.StartTimeout);
        Assert.Equal(TimeSpan.FromSeconds(20), application.StopTimeout);
        Assert.Equal((16, 18), (application.Location.Line, application.Location.Column));
        Assert.Equal((17, 20), (application.DirectoryLocation!.Line, application.DirectoryLocation.Column));
    }

    [Fact]
    public void Application_defaults_run_in_the_topology_folder_with_healthz_and_docker_timeouts()
    {
        var topology = TopologyText.Load(WithApp("      app: { port: 8082, command: ./serve }"));

        var application = topology.FindComponent("server-1/app")!.Application!;
        Assert.Equal(TopologyText.SiteDirectory, application.Directory);
        Assert.Empty(application.Environment);
        Assert.Equal("/healthz", application.HealthPath);
        Assert.Equal(ApplicationCommand.DefaultStartTimeout, application.StartTimeout);
        Assert.Equal(ApplicationCommand.DefaultStopTimeout, application.StopTimeout);
        Assert.Null(application.DirectoryLocation);
    }

    [Fact]
    public void Application_server_with_a_command_in_a_site_with_a_database_serves_both_endpoints_on_its_address()
    {
        var topology = TopologyText.Load(WithApp("      app: { port: 8082, command: ./serve }"));

        Assert.Equal(["127.0.1.1:6446", "127.0.1.1:6447"], topology.DatabaseEndpointsOf(topology.FindComponent("server-1/app")!).Select(e => e.ToString()));
        Assert.Empty(topology.DatabaseEndpointsOf(topology.FindComponent("server-2/app")!));
    }

    [Fact]
    public void Database_endpoints_and_schema_are_read_relative_to_the_topology()
    {
        File.WriteAllText(Path.Combine(TopologyText.SiteDirectory, "schema.sql"), "CREATE TABLE IF NOT EXISTS t (id INT);");
        var topology = TopologyText.Load(TopologyText.DistributedWith("  replication: async", "  replication: async\n  endpoints: { writer: 7001, reader: 7002 }\n  schema: schema.sql"));

        Assert.Equal(new DatabaseEndpoints(7001, 7002), topology.Database.Endpoints);
        Assert.Equal(Path.Combine(TopologyText.SiteDirectory, "schema.sql"), topology.Database.SchemaFile);
    }

    [Fact]
    public void Application_settings_without_a_command_are_refused_where_written()
    {
        var errors = TopologyText.Errors(WithApp("      app: { port: 8082, directory: ../notes, env: { A: b } }"));

        Assert.Equal(2, errors.Count);
        Assert.Equal("'directory' in component 'server-1/app' only applies to the user's own application", errors[0].Message);
        Assert.Equal("add 'command' (the command line that starts it), or remove it", errors[0].Hint);
        Assert.Equal((14, 37), (errors[0].Location.Line, errors[0].Location.Column));
        Assert.Equal("'env' in component 'server-1/app' only applies to the user's own application", errors[1].Message);
    }

    [Theory]
    [InlineData("env: { 1ST: x }", "'1ST' in the env of component 'server-1/app' is not a variable name: use letters, digits and '_', not starting with a digit")]
    [InlineData("env: { A-B: x }", "'A-B' in the env of component 'server-1/app' is not a variable name: use letters, digits and '_', not starting with a digit")]
    [InlineData("env: { A: [1, 2] }", "variable A in the env of component 'server-1/app' must be a single value (quote it if it looks like a list or a mapping)")]
    [InlineData("env: [A, B]", "'env' in component 'server-1/app' must map variable names to values, e.g. env: { LOG_LEVEL: info }")]
    [InlineData("health: healthz", "'health' in component 'server-1/app' must be a path starting with '/', such as /healthz")]
    [InlineData("stop_timeout: 1m", "'stop_timeout' in component 'server-1/app' must be a duration from 0s to 25s, not '1m'")]
    public void Bad_application_settings_are_refused_with_what_is_wrong(string setting, string message)
    {
        var error = Assert.Single(TopologyText.Errors(WithApp($"      app: {{ port: 8082, command: ./serve, {setting} }}")));

        Assert.Equal(message, error.Message);
        Assert.Equal(14, error.Location.Line);
    }
}
