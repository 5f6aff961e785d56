using Microsoft.Extensions.Time.Testing;
using MySqlConnector;
using WebInfra.App.Storage;

namespace WebInfra.App.Tests.Storage;

public sealed class ReplicaSelectorTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new();
    private readonly List<DatabaseServer> _servers = [];

    [Fact]
    public void No_replicas_means_the_primary()
    {
        var selector = new ReplicaSelector([]);

        Assert.False(selector.HasReplicas);
        Assert.Null(selector.Pick());
    }

    [Fact]
    public void Replicas_are_picked_round_robin()
    {
        var (a, b, c) = (Replica("a"), Replica("b"), Replica("c"));
        var selector = new ReplicaSelector([a, b, c]);

        Assert.Equal([a, b, c, a, b, c, a], Enumerable.Range(0, 7).Select(_ => selector.Pick()));
    }

    [Fact]
    public void Unreachable_replica_is_skipped_until_its_retry_interval_has_passed()
    {
        var (a, b) = (Replica("a"), Replica("b"));
        var selector = new ReplicaSelector([a, b]);
        a.RecordUnreachable();

        Assert.Equal([b, b, b, b], Enumerable.Range(0, 4).Select(_ => selector.Pick()));

        _time.Advance(TimeSpan.FromSeconds(2) - TimeSpan.FromTicks(1));
        Assert.Equal([b, b], Enumerable.Range(0, 2).Select(_ => selector.Pick()));

        _time.Advance(TimeSpan.FromTicks(1));
        Assert.Equal([a, b], Enumerable.Range(0, 2).Select(_ => selector.Pick()));
    }

    [Fact]
    public void All_replicas_unreachable_means_the_primary()
    {
        var (a, b) = (Replica("a"), Replica("b"));
        var selector = new ReplicaSelector([a, b]);
        a.RecordUnreachable();
        b.RecordUnreachable();

        Assert.True(selector.HasReplicas);
        Assert.Null(selector.Pick());
    }

    [Fact]
    public void Failed_retry_pushes_the_next_retry_back()
    {
        var a = Replica("a");
        var selector = new ReplicaSelector([a]);
        a.RecordUnreachable();
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Same(a, selector.Pick());

        a.RecordUnreachable();
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Null(selector.Pick());
    }

    [Fact]
    public void Change_to_unreachable_is_reported_once()
    {
        var a = Replica("a");

        Assert.True(a.RecordUnreachable());
        Assert.False(a.RecordUnreachable());
        Assert.Equal(DatabaseServerHealth.Unreachable, a.Health);
    }

    [Fact]
    public void Recovery_is_reported_once_with_the_downtime()
    {
        var a = Replica("a");
        Assert.Null(a.RecordReachable());
        a.RecordUnreachable();
        _time.Advance(TimeSpan.FromSeconds(9));

        Assert.Equal(TimeSpan.FromSeconds(9), a.RecordReachable());
        Assert.Null(a.RecordReachable());
        Assert.Equal(DatabaseServerHealth.Reachable, a.Health);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }
    }

    // A data source opens no connection until asked to, so these tests touch no socket.
    private DatabaseServer Replica(string host)
    {
        var server = new DatabaseServer(host + ":3306", DatabaseRole.Replica, new MySqlDataSource($"Server={host}"), _time);
        _servers.Add(server);
        return server;
    }
}
