using WebInfra.Topology.Model;

namespace WebInfra.Topology.Tests.Loading;

/// <summary>The database section: replication mode, failover checks, read settings, and the monitor component.</summary>
public sealed class DatabaseSettingsLoadingTests
{
    private const string DatabaseSection = "database:\n  name: foobar\n  replication: async";

    [Fact]
    public void Replication_is_semi_synchronous_unless_the_topology_says_async()
    {
        var semisync = TopologyText.Load(TopologyText.DistributedWith(DatabaseSection, "database:\n  name: foobar"));
        var async = TopologyText.Load(TopologyText.Distributed);

        Assert.Equal(ReplicationMode.SemiSync, semisync.Database.Replication);
        Assert.Equal(ReplicationMode.Async, async.Database.Replication);
        Assert.Equal(FailoverSettings.Default, semisync.Database.Failover);
        Assert.Equal(ReadSettings.Default, semisync.Database.Reads);
    }

    [Fact]
    public void Failover_and_read_settings_are_read()
    {
        var topology = TopologyText.Load(TopologyText.DistributedWith(DatabaseSection,
            DatabaseSection + "\n  failover: { interval: 250ms, fall: 4 }\n  reads: { max_lag: 2s, read_your_writes_timeout: 1s }"));

        Assert.Equal(new FailoverSettings(TimeSpan.FromMilliseconds(250), 4), topology.Database.Failover);
        Assert.Equal(new ReadSettings(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1)), topology.Database.Reads);
    }

    [Fact]
    public void Reads_during_a_failover_are_stale_ok_unless_the_topology_says_fail()
    {
        var unsaid = TopologyText.Load(TopologyText.Distributed);
        var staleOk = TopologyText.Load(TopologyText.DistributedWith(DatabaseSection, DatabaseSection + "\n  reads: { during_failover: stale_ok }"));
        var fail = TopologyText.Load(TopologyText.DistributedWith(DatabaseSection, DatabaseSection + "\n  reads: { max_lag: 2s, during_failover: fail }"));

        Assert.Equal(ReadsDuringFailover.StaleOk, unsaid.Database.Reads.DuringFailover);
        Assert.Equal(ReadsDuringFailover.StaleOk, staleOk.Database.Reads.DuringFailover);
        Assert.Equal(new ReadSettings(TimeSpan.FromSeconds(2), ReadSettings.Default.ReadYourWritesTimeout) { DuringFailover = ReadsDuringFailover.Fail }, fail.Database.Reads);
    }

    [Fact]
    public void Reads_during_a_failover_that_is_neither_word_is_rejected_where_it_is_written_naming_both()
    {
        var errors = TopologyText.Errors(TopologyText.DistributedWith(DatabaseSection, DatabaseSection + "\n  reads: { during_failover: stale }"));

        var error = Assert.Single(errors);
        Assert.Equal("'during_failover' in the database reads is 'stale', which is not one of: stale_ok, fail", error.Message);
        Assert.Equal((32, 29), (error.Location.Line, error.Location.Column));
    }

    [Fact]
    public void Database_tls_is_off_unless_the_topology_turns_it_on()
    {
        var plain = TopologyText.Load(TopologyText.Distributed);
        var encrypted = TopologyText.Load(TopologyText.DistributedWith(DatabaseSection, DatabaseSection + "\n  tls: true"));

        Assert.False(plain.Database.Tls);
        Assert.True(encrypted.Database.Tls);
        Assert.Equal(ReplicationMode.Async, encrypted.Database.Replication);
        Assert.False(encrypted.Tls.Internal);
    }

    [Fact]
    public void Database_tls_that_is_not_a_boolean_is_rejected_where_it_is_written()
    {
        var errors = TopologyText.Errors(TopologyText.DistributedWith(DatabaseSection, DatabaseSection + "\n  tls: required"));

        var error = Assert.Single(errors);
        Assert.Equal("'tls' in database must be true or false, not 'required'", error.Message);
        Assert.Equal((32, 8), (error.Location.Line, error.Location.Column));
    }

    [Fact]
    public void Failover_interval_below_100ms_is_rejected_where_it_is_written()
    {
        var errors = TopologyText.Errors(TopologyText.DistributedWith(DatabaseSection, DatabaseSection + "\n  failover: { interval: 50ms }"));

        var error = Assert.Single(errors);
        Assert.Equal("the database monitor would check every 50ms; the shortest interval is 100ms", error.Message);
    }

    [Fact]
    public void Fencing_is_off_with_one_monitor_unless_written_and_the_lease_defaults_to_three_checks()
    {
        var unwritten = TopologyText.Load(TopologyText.Distributed);
        var lease = TopologyText.Load(TopologyText.DistributedWith(DatabaseSection, DatabaseSection + "\n  failover: { interval: 1s, fencing: lease }"));
        var written = TopologyText.Load(TopologyText.DistributedWith(DatabaseSection, DatabaseSection + "\n  failover: { fencing: lease, lease: 4s }"));

        Assert.Null(unwritten.Database.Failover.Fencing);
        Assert.Equal(FencingMode.Off, unwritten.EffectiveFencing);
        Assert.Equal(FencingMode.Lease, lease.EffectiveFencing);
        Assert.Equal(TimeSpan.FromSeconds(3), lease.Database.Failover.Lease);
        Assert.Equal(TimeSpan.FromSeconds(4), written.Database.Failover.Lease);
    }

    [Fact]
    public void A_lease_shorter_than_two_checks_and_an_unknown_fencing_are_rejected_where_they_are_written()
    {
        var errors = TopologyText.Errors(TopologyText.DistributedWith(DatabaseSection,
            DatabaseSection + "\n  failover: { interval: 500ms, fencing: stonith, lease: 800ms }"));

        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.Message.Contains("'fencing'", StringComparison.Ordinal) && e.Message.Contains("lease", StringComparison.Ordinal));
        var lease = Assert.Single(errors, e => e.Message.StartsWith("the primary's lease (800ms) must last at least two check intervals (1000ms)", StringComparison.Ordinal));
        Assert.True(lease.Location.Line > 0);
    }

    [Fact]
    public void Monitor_is_a_component_with_its_own_role()
    {
        var topology = TopologyText.Load(TopologyText.DistributedWith("balancer: { port: 8080, backend: web }", "balancer: { port: 8080, backend: web }\n      monitor: { port: 8090 }"));

        Assert.Equal("lb-01/monitor", topology.Monitor!.Name);
        Assert.Equal(ComponentRole.Monitor, topology.Monitor.Role);
        Assert.Equal(9090, topology.Monitor.AdminPort);
        Assert.Equal(["server-1/db", "server-2/db"], topology.DatabaseNodes.Select(c => c.Name));
    }

    [Fact]
    public void Second_monitor_is_rejected()
    {
        var errors = TopologyText.Errors(TopologyText.DistributedWith("app: { port: 8082 }\n      db: { port: 3306, role: primary }",
            "app: { port: 8082 }\n      monitor: { port: 8090 }\n      db: { port: 3306, role: primary }").Replace(
            "balancer: { port: 8080, backend: web }", "balancer: { port: 8080, backend: web }\n      monitor: { port: 8090 }", StringComparison.Ordinal));

        Assert.Contains(errors, e => e.Message.StartsWith("'server-1/monitor' is a second database monitor", StringComparison.Ordinal));
    }
}
