namespace WebInfra.Topology.Tests.Validation;

public sealed class TopologyValidatorTests
{
    [Fact]
    public void Duplicate_address_and_port_is_rejected_naming_both_components()
    {
        var yaml = TopologyText.DistributedWith("app: { port: 8082 }\n      db: { port: 3306, role: primary }", "app: { port: 8081 }\n      db: { port: 3306, role: primary }");

        var error = Assert.Single(TopologyText.Errors(yaml));

        Assert.StartsWith("'server-1/app' listens on 127.0.1.1:8081, which 'server-1/web' already uses (site.yaml:13:7)", error.Message, StringComparison.Ordinal);
        Assert.Equal(14, error.Location.Line);
    }

    [Fact]
    public void Two_servers_with_one_address_are_rejected()
    {
        var yaml = TopologyText.DistributedWith("address: 127.0.1.2\n", "address: 127.0.1.1\n");

        var errors = TopologyText.Errors(yaml);

        Assert.Contains(errors, e => e.Message.StartsWith("server 'server-2' has address 127.0.1.1, which server 'server-1' already has", StringComparison.Ordinal));
    }

    [Fact]
    public void Backend_member_that_does_not_exist_is_rejected_with_the_known_components()
    {
        var yaml = TopologyText.DistributedWith("members: [server-1/web, server-2/web]", "members: [server-1/web, server-3/web]");

        var error = Assert.Single(TopologyText.Errors(yaml));

        Assert.Equal("backend 'web' lists 'server-3/web', but no server has that component", error.Message);
        Assert.Contains("server-2/web", error.Hint, StringComparison.Ordinal);
        Assert.Equal(24, error.Location.Line);
    }

    [Fact]
    public void Component_forwarding_to_an_undefined_backend_is_rejected()
    {
        var yaml = TopologyText.DistributedWith("balancer: { port: 8080, backend: web }", "balancer: { port: 8080, backend: webs }");

        var error = Assert.Single(TopologyText.Errors(yaml));

        Assert.Equal("'lb-01/balancer' forwards to backend 'webs', which is not defined under backends", error.Message);
        Assert.Equal("backends defined: web, app", error.Hint);
    }

    [Fact]
    public void Balancer_backend_must_list_web_servers()
    {
        var yaml = TopologyText.DistributedWith("balancer: { port: 8080, backend: web }", "balancer: { port: 8080, backend: app }");

        var errors = TopologyText.Errors(yaml);

        Assert.Contains(errors, e => e.Message == "backend 'app' is used by balancer component 'lb-01/balancer', so its members must be web components, but it lists 'server-1/app'");
    }

    [Fact]
    public void Member_listed_twice_is_rejected()
    {
        var yaml = TopologyText.DistributedWith("members: [server-1/app, server-2/app]", "members: [server-1/app, server-1/app]");

        Assert.Contains(TopologyText.Errors(yaml), e => e.Message == "backend 'app' lists 'server-1/app' twice");
    }

    [Fact]
    public void Two_primaries_are_rejected()
    {
        var yaml = TopologyText.DistributedWith("role: replica", "role: primary");

        var error = Assert.Single(TopologyText.Errors(yaml));

        Assert.StartsWith("'server-2/db' is a second primary; 'server-1/db'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Application_servers_without_a_primary_are_rejected()
    {
        var yaml = TopologyText.DistributedWith("db: { port: 3306, role: primary }", "db: { port: 3306, role: replica }");

        Assert.Contains(TopologyText.Errors(yaml), e => e.Message == "'server-1/db' needs a primary database node, but no db component has 'role: primary'");
    }

    [Fact]
    public void Several_web_servers_without_a_balancer_are_rejected()
    {
        var yaml = TopologyText.Distributed
            .Replace("  lb-01:\n    address: 127.0.1.10\n    components:\n      balancer: { port: 8080, backend: web }\n", string.Empty, StringComparison.Ordinal);

        Assert.Contains(TopologyText.Errors(yaml), e => e.Message == "the site has 2 web servers but no balancer in front of them");
    }

    [Fact]
    public void Health_check_interval_below_100ms_is_rejected()
    {
        var yaml = TopologyText.DistributedWith("interval: 1s, timeout: 500ms", "interval: 50ms, timeout: 20ms");

        Assert.Contains(TopologyText.Errors(yaml), e => e.Message == "backend 'web' probes every 50ms; the shortest interval is 100ms");
    }

    [Fact]
    public void Health_check_timeout_longer_than_interval_is_rejected()
    {
        var yaml = TopologyText.DistributedWith("timeout: 500ms", "timeout: 2s");

        Assert.Contains(TopologyText.Errors(yaml), e => e.Message.StartsWith("backend 'web' has a health check timeout (2000ms) longer than its interval (1000ms)", StringComparison.Ordinal));
    }

    [Fact]
    public void Missing_site_files_folder_is_rejected()
    {
        var yaml = TopologyText.DistributedWith("files: .", "files: no-such-folder");

        Assert.Contains(TopologyText.Errors(yaml), e => e.Message.StartsWith("site files folder", StringComparison.Ordinal) && e.Message.EndsWith("no-such-folder' does not exist", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("distributed.yaml")]
    [InlineData("simple-web-stack.yaml")]
    public void Shipped_presets_are_valid(string preset)
    {
        var path = Path.Combine(RepositoryRoot(), "topologies", preset);

        var topology = WebInfra.Topology.Loading.TopologyLoader.Load(path);

        Assert.NotNull(topology.EntryPoint);
        Assert.NotNull(topology.Primary);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "WebInfra.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
