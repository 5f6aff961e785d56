using WebInfra.Topology.Changes;

namespace WebInfra.Topology.Tests.Changes;

public sealed class TopologyDiffTests
{
    private static readonly string s_withServer3 = TopologyText.Distributed
        .Replace("""
        backends:
        """, """
          server-3:
            address: 127.0.1.3
            components:
              web: { port: 8081, backend: app }
              app: { port: 8082 }
        backends:
        """, StringComparison.Ordinal)
        .Replace("members: [server-1/web, server-2/web]", "members: [server-1/web, server-2/web, server-3/web]", StringComparison.Ordinal)
        .Replace("members: [server-1/app, server-2/app]", "members: [server-1/app, server-2/app, server-3/app]", StringComparison.Ordinal);

    private static TopologyDiff Diff(string running, string next, string? primary = null) =>
        TopologyDiff.Between(TopologyText.Load(running), TopologyText.Load(next), primary);

    private static TopologyChange Single(TopologyDiff diff, string group) => Assert.Single(diff.Changes, c => c.Group == group);

    /// <summary>Asserts that the one refused change of <paramref name="diff"/> is <paramref name="description"/>, refused for <paramref name="reason"/>.</summary>
    private static TopologyChange AssertRefused(TopologyDiff diff, string description, string reason)
    {
        Assert.True(diff.IsRefused);
        var refused = Assert.Single(diff.Changes, c => c.Effect == ChangeEffect.Refused);
        Assert.Equal((description, reason), (refused.Description, refused.Reason));
        return refused;
    }

    [Fact]
    public void Same_topology_changes_nothing()
    {
        var diff = Diff(TopologyText.Distributed, TopologyText.Distributed);

        Assert.True(diff.IsEmpty);
        Assert.False(diff.IsRefused);
    }

    [Fact]
    public void Added_server_starts_its_components_and_joins_the_backends_live()
    {
        var diff = Diff(TopologyText.Distributed, s_withServer3);

        Assert.False(diff.IsRefused);
        Assert.True(diff.ServersChanged);
        Assert.Equal(["server-3/web", "server-3/app"], diff.Added.Select(c => c.Name));
        Assert.Equal(ChangeEffect.Start, Single(diff, "servers").Effect);
        var web = Single(diff, "backend web");
        Assert.Equal(("+ server-3/web (weight 1)", ChangeEffect.Live), (web.Description, web.Effect));
    }

    [Fact]
    public void Removed_server_is_drained_and_stopped()
    {
        var diff = Diff(s_withServer3, TopologyText.Distributed);

        Assert.False(diff.IsRefused);
        Assert.Equal(["server-3/web", "server-3/app"], diff.Removed.Select(c => c.Name));
        Assert.Equal("- server-3/web (drained first)", Single(diff, "backend web").Description);
        Assert.All(diff.Changes.Where(c => c.Group is "servers" or "components"), c => Assert.Equal(ChangeEffect.Stop, c.Effect));
    }

    [Fact]
    public void Weight_backup_algorithm_health_retries_and_timeouts_are_live()
    {
        var next = TopologyText.Distributed
            .Replace("members: [server-1/web, server-2/web]", "members: [{ component: server-1/web, weight: 3 }, { component: server-2/web, backup: true }]", StringComparison.Ordinal)
            .Replace("algorithm: roundrobin", "algorithm: leastconn\n    retries: 1\n    timeouts: { connect: 2s }", StringComparison.Ordinal)
            .Replace("rise: 2, fall: 3", "rise: 3, fall: 3", StringComparison.Ordinal);

        var diff = Diff(TopologyText.Distributed, next);

        Assert.False(diff.IsRefused);
        Assert.All(diff.Changes, c => Assert.Equal(ChangeEffect.Live, c.Effect));
        Assert.Equal(
            ["weight of server-1/web: 1 -> 3", "server-2/web: active -> backup", "algorithm: roundrobin -> leastconn", "health", "retries", "timeouts"],
            diff.Changes.Select(c => c.Description.Split(':')[0] is "health" or "retries" or "timeouts" ? c.Description.Split(':')[0] : c.Description));
    }

    [Fact]
    public void Removing_the_last_member_serving_a_backend_is_refused()
    {
        var running = TopologyText.Distributed.Replace("members: [server-1/app, server-2/app]", "members: [server-1/app]", StringComparison.Ordinal);
        var next = s_withServer3.Replace("members: [server-1/app, server-2/app, server-3/app]", "members: [server-3/app]", StringComparison.Ordinal);

        var diff = Diff(running, next);

        AssertRefused(diff, "- server-1/app", "it would remove the last member of backend 'app' that serves now; add the new member in one reload, then remove the old one in the next");
    }

    [Fact]
    public void Changing_a_server_address_is_refused_as_a_new_server()
    {
        var diff = Diff(TopologyText.Distributed, TopologyText.Distributed.Replace("address: 127.0.1.2", "address: 127.0.1.20", StringComparison.Ordinal));

        var refused = AssertRefused(diff, "server-2 address: 127.0.1.2 -> 127.0.1.20", "an address change is a new server: add a server and remove the old one");
        Assert.Single(diff.Changes);
        Assert.Equal(17, refused.Location!.Line);
    }

    [Fact]
    public void Removing_the_current_primary_is_refused_and_names_the_switchover()
    {
        var next = TopologyText.Distributed.Replace("      db: { port: 3306, role: replica }\n", string.Empty, StringComparison.Ordinal);

        // server-2/db has become the primary since up, as the monitor says: removing it is removing the primary.
        var diff = Diff(TopologyText.Distributed, next, primary: "server-2/db");

        AssertRefused(diff, "- server-2/db", "it is the database primary now; hand the role to a replica first ('./webinfra db switchover --to REPLICA'), then remove it");
    }

    [Fact]
    public void Changing_the_host_kind_is_refused()
    {
        var diff = Diff(TopologyText.Namespaces, TopologyText.Namespaces.Replace("hosts: namespaces\nnetwork:\n  subnet: 10.77.0.0/24\n", string.Empty, StringComparison.Ordinal)
            .Replace("    components:\n      balancer", "    address: 127.0.1.10\n    components:\n      balancer", StringComparison.Ordinal)
            .Replace("address: 10.77.0.2", "address: 127.0.1.1", StringComparison.Ordinal)
            .Replace("  server-2:\n    components", "  server-2:\n    address: 127.0.1.2\n    components", StringComparison.Ordinal));

        var hosts = Assert.Single(diff.Changes, c => c.Description.StartsWith("hosts:", StringComparison.Ordinal));
        Assert.Equal(
            ("hosts: namespaces -> loopback", ChangeEffect.Refused, "the host kind cannot change under a running site: every server would be a new one; bring it down and up again"),
            (hosts.Description, hosts.Effect, hosts.Reason));
    }

    [Fact]
    public void Changing_a_component_port_is_refused()
    {
        var diff = Diff(TopologyText.Distributed, TopologyText.Distributed.Replace("balancer: { port: 8080", "balancer: { port: 8090", StringComparison.Ordinal));

        AssertRefused(diff, "lb-01/balancer: port 8080 -> 8090, admin_port 9080 -> 9090",
            "a component listens and forwards as it was started; to change it, add a component on a new server and remove this one");
        Assert.Single(diff.Changes);
    }

    [Fact]
    public void Reads_during_a_failover_take_a_restart_as_max_lag_does()
    {
        var diff = Diff(TopologyText.Distributed, TopologyText.Distributed.Replace("replication: async", "replication: async\n  reads: { during_failover: fail }", StringComparison.Ordinal));

        AssertRefused(diff, "database settings",
            "the database nodes, the monitor and the application servers read them at start; the running processes read it at start, so it takes a restart of the site ('./webinfra down', then 'up')");
    }

    [Fact]
    public void Adding_a_database_replica_starts_it()
    {
        var replica = Diff(TopologyText.Distributed,
            s_withServer3.Replace("      app: { port: 8082 }\nbackends:", "      app: { port: 8082 }\n      db: { port: 3306, role: replica }\nbackends:", StringComparison.Ordinal));
        Assert.False(replica.IsRefused);
        Assert.Contains(replica.Added, c => c.Name == "server-3/db");
        Assert.Contains(replica.Changes, c => c.Effect == ChangeEffect.Start && c.Description.StartsWith("+ server-3/db", StringComparison.Ordinal));
    }

    [Fact]
    public void Removing_a_database_replica_stops_it()
    {
        var diff = Diff(TopologyText.Distributed.Replace("      db: { port: 3306, role: replica }\n", string.Empty, StringComparison.Ordinal), TopologyText.Distributed);
        var back = Diff(TopologyText.Distributed, TopologyText.Distributed.Replace("      db: { port: 3306, role: replica }\n", string.Empty, StringComparison.Ordinal));

        Assert.Contains(diff.Added, c => c.Name == "server-2/db");
        Assert.False(back.IsRefused);
        Assert.Contains(back.Removed, c => c.Name == "server-2/db");
    }

    [Fact]
    public void Site_settings_and_the_rate_limit_are_refused_and_the_size_limits_are_live()
    {
        var next = TopologyText.Distributed.Replace("route_header: true", "route_header: false", StringComparison.Ordinal)
            + "\nlimits: { header_size: 16kb, rate: { requests: 10, per: 1s } }\n";

        var diff = Diff(TopologyText.Distributed, next);

        Assert.Equal(ChangeEffect.Refused, Single(diff, "site").Effect);
        Assert.Equal("route_header True -> False", Single(diff, "site").Description);
        Assert.Equal(
            [ChangeEffect.Live, ChangeEffect.Refused],
            diff.Changes.Where(c => c.Group == "limits").Select(c => c.Effect));
    }

    [Fact]
    public void Hsts_change_is_refused()
    {
        var diff = Diff(TopologyText.Distributed + "\ntls: { hsts: 600 }\n", TopologyText.Distributed + "\ntls: { hsts: 1200 }\n");

        var hsts = Single(diff, "tls");
        Assert.Equal(ChangeEffect.Refused, hsts.Effect);
        Assert.Equal("the HSTS header is set up at start; the running processes read it at start, so it takes a restart of the site ('./webinfra down', then 'up')", hsts.Reason);
    }
}
