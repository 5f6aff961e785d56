using System.Net;
using WebInfra.Topology.Loading;
using WebInfra.Topology.Model;

namespace WebInfra.Topology.Tests.Loading;

public sealed class TopologyLoaderTests
{
    [Fact]
    public void Distributed_topology_loads_every_server_component_and_backend()
    {
        var topology = TopologyText.Load(TopologyText.Distributed);

        Assert.Equal(["lb-01", "server-1", "server-2"], topology.Servers.Select(s => s.Name));
        Assert.Equal(
            ["lb-01/balancer", "server-1/web", "server-1/app", "server-1/db", "server-2/web", "server-2/app", "server-2/db"],
            topology.ComponentNames);
        Assert.Equal(IPAddress.Parse("127.0.1.2"), topology.FindComponent("server-2/app")!.Address);
        Assert.Equal("server-1/db", topology.Primary!.Name);
        Assert.Equal(["server-2/db"], topology.Replicas.Select(r => r.Name));
        Assert.Equal("lb-01/balancer", topology.EntryPoint!.Name);
        Assert.True(topology.Site.RouteHeader);
    }

    [Fact]
    public void Health_check_settings_are_read_and_missing_ones_take_HAProxy_defaults()
    {
        var topology = TopologyText.Load(TopologyText.Distributed);

        var web = topology.FindBackend("web")!.Health;
        Assert.Equal(TimeSpan.FromSeconds(1), web.Interval);
        Assert.Equal(TimeSpan.FromMilliseconds(500), web.Timeout);
        Assert.Equal((2, 3), (web.Rise, web.Fall));
        Assert.Equal(HealthCheckSettings.Default, topology.FindBackend("app")!.Health);
        Assert.Equal((TimeSpan.FromSeconds(2), 2, 3), (HealthCheckSettings.Default.Interval, HealthCheckSettings.Default.Rise, HealthCheckSettings.Default.Fall));
    }

    [Fact]
    public void Site_files_are_resolved_against_the_topology_folder()
    {
        var topology = TopologyText.Load(TopologyText.Distributed);

        Assert.Equal(Path.GetFullPath(TopologyText.SiteDirectory), topology.Site.FilesDirectory);
    }

    [Theory]
    [InlineData("server-1", new[] { "server-1/web", "server-1/app", "server-1/db" })]
    [InlineData("server-2/web", new[] { "server-2/web" })]
    [InlineData("server-9", new string[0])]
    public void Target_resolves_to_a_whole_server_or_one_component(string target, string[] expected)
    {
        var topology = TopologyText.Load(TopologyText.Distributed);

        Assert.Equal(expected, topology.Resolve(target).Select(c => c.Name));
    }

    [Fact]
    public void Unknown_key_is_reported_with_line_column_and_suggestion()
    {
        var errors = TopologyText.Errors(TopologyText.DistributedWith("app: { port: 8082 }\n      db: { port: 3306, role: primary }", "app: { prot: 8082 }\n      db: { port: 3306, role: primary }"));

        var error = Assert.Single(errors, e => e.Message.Contains("unknown key 'prot'", StringComparison.Ordinal));
        Assert.Equal(TopologyText.FileName, error.Location.File);
        Assert.Equal(14, error.Location.Line);
        Assert.Equal("did you mean 'port'?", error.Hint);
        Assert.Contains(errors, e => e.Message == "component 'server-1/app' is missing the required key 'port'");
    }

    [Fact]
    public void Invalid_yaml_is_reported_where_the_parser_stopped()
    {
        var error = Assert.Single(TopologyText.Errors("site:\n  name: [unclosed\nservers: {}\n"));

        Assert.StartsWith("not valid YAML", error.Message, StringComparison.Ordinal);
        Assert.Equal(TopologyText.FileName, error.Location.File);
        Assert.True(error.Location.Line >= 2);
    }

    [Fact]
    public void Duplicate_key_is_reported_not_silently_overwritten()
    {
        var errors = TopologyText.Errors(TopologyText.DistributedWith("app: { port: 8082 }\n      db: { port: 3306, role: primary }", "app: { port: 8082 }\n      app: { port: 8083 }\n      db: { port: 3306, role: primary }"));

        Assert.Contains(errors, e => e.Message.Contains("not valid YAML", StringComparison.Ordinal) && e.Message.Contains("app", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("app: { port: 8082 }\n      db: { port: 3306, role: primary }", "app: { port: 99999 }\n      db: { port: 3306, role: primary }", "'port' in component 'server-1/app' must be a whole number from 1 to 65535, not '99999'")]
    [InlineData("address: 127.0.1.1\n", "address: 127.1\n", "'address' in server 'server-1' must be an IP address such as 127.0.1.1, not '127.1'")]
    [InlineData("route_header: true", "route_header: maybe", "'route_header' in site must be true or false, not 'maybe'")]
    [InlineData("interval: 1s", "interval: 1000", "'interval' in the health check of backend 'web' must be a duration such as 500ms, 2s or 1m, not '1000'")]
    [InlineData("algorithm: roundrobin", "algorithm: fastest", "'algorithm' in backend 'web' is 'fastest', which is not one of: roundrobin, leastconn, source")]
    [InlineData("role: replica", "role: standby", "'role' in component 'server-2/db' is 'standby', which is not one of: primary, replica")]
    [InlineData("path: /healthz", "path: healthz", "the health check path of backend 'web' must start with '/', not 'healthz'")]
    public void Bad_value_is_rejected_with_a_message_naming_key_and_value(string original, string replacement, string message)
    {
        var errors = TopologyText.Errors(TopologyText.DistributedWith(original, replacement));

        Assert.Contains(errors, e => e.Message == message);
    }

    [Theory]
    [InlineData("roundrobin", BalancingAlgorithms.RoundRobin)]
    [InlineData("leastconn", BalancingAlgorithms.LeastConn)]
    [InlineData("Source", BalancingAlgorithms.Source)]
    public void HAProxy_algorithm_words_are_read_case_insensitively(string written, string algorithm)
    {
        var topology = TopologyText.Load(TopologyText.DistributedWith("algorithm: roundrobin", $"algorithm: {written}"));

        Assert.Equal(algorithm, topology.FindBackend("web")!.Algorithm);
    }

    [Fact]
    public void Members_are_plain_names_of_weight_1_or_mappings_with_a_weight()
    {
        var topology = TopologyText.Load(TopologyText.DistributedWith(
            "members: [server-1/web, server-2/web]",
            "members:\n      - { component: server-1/web, weight: 3 }\n      - server-2/web"));

        var members = topology.FindBackend("web")!.Members;
        Assert.Equal([("server-1/web", 3), ("server-2/web", 1)], members.Select(m => (m.ComponentName, m.Weight)));
        Assert.Equal(25, members[0].Location.Line);
        Assert.Equal(["server-1/web", "server-2/web"], topology.MembersOf(topology.FindBackend("web")!).Select(c => c.Name));
    }

    [Fact]
    public void Member_mapping_without_weight_has_weight_1()
    {
        var topology = TopologyText.Load(TopologyText.DistributedWith("members: [server-1/web, server-2/web]", "members: [{ component: server-1/web }, server-2/web]"));

        Assert.Equal(BackendMember.DefaultWeight, topology.FindBackend("web")!.Members[0].Weight);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("300")]
    [InlineData("-1")]
    [InlineData("heavy")]
    public void Weight_outside_1_to_256_is_rejected_saying_0_is_not_allowed(string weight)
    {
        var errors = TopologyText.Errors(TopologyText.DistributedWith("members: [server-1/web, server-2/web]", $"members: [{{ component: server-1/web, weight: {weight} }}, server-2/web]"));

        var error = Assert.Single(errors);
        Assert.Equal($"'weight' in a member of backend 'web' must be a whole number from 1 to 256, not '{weight}'", error.Message);
        Assert.Contains("weight 0", error.Hint, StringComparison.Ordinal);
        Assert.Equal((24, 50), (error.Location.Line, error.Location.Column));
    }

    [Fact]
    public void Unknown_member_key_is_rejected_with_location_and_suggestion()
    {
        var errors = TopologyText.Errors(TopologyText.DistributedWith("members: [server-1/web, server-2/web]", "members: [{ component: server-1/web, wieght: 3 }, server-2/web]"));

        var error = Assert.Single(errors);
        Assert.Equal("unknown key 'wieght' in a member of backend 'web'", error.Message);
        Assert.Equal("did you mean 'weight'?", error.Hint);
        Assert.Equal($"{TopologyText.FileName}:24:42", error.Location.ToString());
    }

    [Fact]
    public void Member_mapping_needs_a_component()
    {
        var errors = TopologyText.Errors(TopologyText.DistributedWith("members: [server-1/web, server-2/web]", "members: [{ weight: 3 }, server-2/web]"));

        Assert.Contains(errors, e => e.Message == "a member of backend 'web' is missing the required key 'component'");
    }

    [Fact]
    public void Every_error_is_reported_at_once_sorted_by_line()
    {
        var yaml = TopologyText.DistributedWith("address: 127.0.1.1\n", "address: nowhere\n")
            .Replace("route_header: true", "route_headers: true", StringComparison.Ordinal)
            .Replace("algorithm: roundrobin", "algorithm: random", StringComparison.Ordinal);

        var errors = TopologyText.Errors(yaml);

        Assert.Equal(3, errors.Count);
        Assert.Equal(errors.OrderBy(e => e.Location.Line).ToList(), errors);
    }

    [Fact]
    public void Missing_file_is_reported_with_the_path_looked_at()
    {
        var exception = Assert.Throws<TopologyException>(() => TopologyLoader.Load("no-such-topology.yaml"));

        Assert.Contains("topology file not found", exception.Message, StringComparison.Ordinal);
        Assert.Contains(Path.GetFullPath("no-such-topology.yaml"), exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("2s", 2000)]
    [InlineData("1.5s", 1500)]
    [InlineData("1m", 60000)]
    public void Durations_need_a_unit(string text, double milliseconds)
    {
        Assert.True(DurationParser.TryParse(text, out var value));
        Assert.Equal(milliseconds, value.TotalMilliseconds);
    }

    [Theory]
    [InlineData("500")]
    [InlineData("s")]
    [InlineData("-1s")]
    [InlineData("0s")]
    [InlineData("2 weeks")]
    public void Durations_without_unit_or_positive_amount_are_refused(string text)
    {
        Assert.False(DurationParser.TryParse(text, out _));
    }
}
