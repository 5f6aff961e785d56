using WebInfra.Topology.Model;

namespace WebInfra.Topology.Tests.Loading;

/// <summary>The HAProxy-style settings of a backend beyond its members: backups, error limit, retries, timeouts.</summary>
public sealed class BackendSettingsLoadingTests
{
    private const string WebMembers = "members: [server-1/web, server-2/web]";

    [Fact]
    public void Member_marked_backup_is_read_and_plain_members_are_active()
    {
        var topology = TopologyText.Load(TopologyText.DistributedWith(WebMembers, "members: [server-1/web, { component: server-2/web, backup: true }]"));

        var backend = topology.FindBackend("web")!;
        Assert.Equal([false, true], backend.Members.Select(m => m.Backup));
        Assert.Equal(["server-1/web"], backend.ActiveMembers.Select(m => m.ComponentName));
    }

    [Fact]
    public void Backend_whose_members_are_all_backups_is_rejected()
    {
        var errors = TopologyText.Errors(TopologyText.DistributedWith(WebMembers,
            "members: [{ component: server-1/web, backup: true }, { component: server-2/web, backup: true }]"));

        var error = Assert.Single(errors);
        Assert.Equal("every member of backend 'web' is a backup, so none would take traffic while all are healthy", error.Message);
    }

    [Fact]
    public void Unset_retries_timeouts_and_error_limit_take_HAProxy_defaults()
    {
        var backend = TopologyText.Load(TopologyText.Distributed).FindBackend("app")!;

        Assert.Equal(new RetrySettings(3, 64 * 1024), backend.Retry);
        Assert.Equal(new BackendTimeouts(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30)), backend.Timeouts);
        Assert.Equal(3, backend.Health.ErrorLimit);
    }

    [Fact]
    public void Retries_body_limit_timeouts_and_error_limit_are_read()
    {
        var topology = TopologyText.Load(TopologyText.DistributedWith(
            "rise: 2, fall: 3 }",
            "rise: 2, fall: 3, error_limit: 1 }\n    retries: 5\n    retry_body_limit: 1mb\n    timeouts: { connect: 200ms, server: 10s, client: 1m }"));

        var backend = topology.FindBackend("web")!;
        Assert.Equal(1, backend.Health.ErrorLimit);
        Assert.Equal(new RetrySettings(5, 1024 * 1024), backend.Retry);
        Assert.Equal(new BackendTimeouts(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1)), backend.Timeouts);
    }

    [Theory]
    [InlineData("retries: 11", "'retries' in backend 'web' must be a whole number from 0 to 10, not '11'")]
    [InlineData("retry_body_limit: 64 apples", "'retry_body_limit' in backend 'web' must be a size from 0 to 16777216 bytes, such as 512b, 64kb or 1mb, not '64 apples'")]
    [InlineData("retry_body_limit: 17mb", "'retry_body_limit' in backend 'web' must be a size from 0 to 16777216 bytes, such as 512b, 64kb or 1mb, not '17mb'")]
    [InlineData("timeouts: { connect: 5 }", "'connect' in the timeouts of backend 'web' must be a duration such as 500ms, 2s or 1m, not '5'")]
    public void Bad_retry_or_timeout_value_is_rejected_saying_what_is_expected(string line, string message)
    {
        var errors = TopologyText.Errors(TopologyText.DistributedWith("rise: 2, fall: 3 }", $"rise: 2, fall: 3 }}\n    {line}"));

        Assert.Equal(message, Assert.Single(errors).Message);
    }

    [Fact]
    public void Unknown_timeout_is_rejected_with_a_suggestion()
    {
        var errors = TopologyText.Errors(TopologyText.DistributedWith("rise: 2, fall: 3 }", "rise: 2, fall: 3 }\n    timeouts: { conect: 1s }"));

        var error = Assert.Single(errors);
        Assert.Equal("unknown key 'conect' in the timeouts of backend 'web'", error.Message);
        Assert.Equal("did you mean 'connect'?", error.Hint);
    }

    [Fact]
    public void Slow_start_is_off_unless_set_and_read_when_it_is()
    {
        var topology = TopologyText.Load(TopologyText.DistributedWith("algorithm: roundrobin", "algorithm: roundrobin\n    slowstart: 10s"));

        Assert.Equal(TimeSpan.FromSeconds(10), topology.FindBackend("web")!.SlowStart);
        Assert.Equal(TimeSpan.Zero, topology.FindBackend("app")!.SlowStart);
    }

    [Theory]
    [InlineData("algorithm: roundrobin\n    slowstart: 2h", "'slowstart' in backend 'web' must be a duration from 100ms to 1h, not '2h'")]
    [InlineData("algorithm: source\n    slowstart: 10s", "backend 'web' balances by source, where slowstart has no effect")]
    public void Bad_slow_start_is_rejected_where_it_is_written(string lines, string message)
    {
        var error = Assert.Single(TopologyText.Errors(TopologyText.DistributedWith("algorithm: roundrobin", lines)));

        Assert.Equal(message, error.Message);
        Assert.Equal(26, error.Location.Line);
    }

    [Fact]
    public void Admin_port_defaults_to_the_port_plus_1000_and_can_be_set()
    {
        var topology = TopologyText.Load(TopologyText.DistributedWith("balancer: { port: 8080, backend: web }", "balancer: { port: 8080, admin_port: 8404, backend: web }"));

        Assert.Equal(8404, topology.FindComponent("lb-01/balancer")!.AdminPort);
        Assert.Equal(9081, topology.FindComponent("server-1/web")!.AdminPort);
        Assert.Null(topology.FindComponent("server-1/db")!.AdminPort);
    }

    [Fact]
    public void Admin_port_taken_by_another_listener_is_rejected()
    {
        var errors = TopologyText.Errors(TopologyText.DistributedWith("app: { port: 8082 }\n      db: { port: 3306, role: primary }", "app: { port: 8082, admin_port: 8081 }\n      db: { port: 3306, role: primary }"));

        var error = Assert.Single(errors);
        Assert.StartsWith("the admin listener of 'server-1/app' listens on 127.0.1.1:8081, which 'server-1/web' already uses", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Port_too_high_for_the_default_admin_port_asks_for_one()
    {
        var errors = TopologyText.Errors(TopologyText.DistributedWith("balancer: { port: 8080, backend: web }", "balancer: { port: 65000, backend: web }"));

        var error = Assert.Single(errors);
        Assert.Equal("component 'lb-01/balancer' has port 65000, so its admin listener cannot take the default port 65000 + 1000", error.Message);
        Assert.Equal("set 'admin_port' to a free port", error.Hint);
    }

    [Fact]
    public void Forwarders_of_a_member_are_the_components_whose_backend_lists_it()
    {
        var topology = TopologyText.Load(TopologyText.Distributed);

        Assert.Equal(["lb-01/balancer"], topology.ForwardersTo(topology.FindComponent("server-2/web")!).Select(c => c.Name));
        Assert.Equal(["server-1/web", "server-2/web"], topology.ForwardersTo(topology.FindComponent("server-1/app")!).Select(c => c.Name));
        Assert.Empty(topology.ForwardersTo(topology.FindComponent("server-1/db")!));
    }
}
