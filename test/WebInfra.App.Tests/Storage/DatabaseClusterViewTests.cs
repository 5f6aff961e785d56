using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using WebInfra.App.Storage;

namespace WebInfra.App.Tests.Storage;

public sealed class DatabaseClusterViewTests
{
    // Port 1 on loopback refuses at once, so an observation fails fast without any server.
    private const string Refusing = "Server=127.0.0.1;Port=1;User ID=app;Password=x;Connection Timeout=1";

    [Fact]
    public async Task Until_the_first_observation_the_topologys_primary_takes_writes()
    {
        await using var database = Database(initialPrimary: 1);
        using var view = View(database);

        Assert.Same(database.Nodes[1], view.Current.Primary);
        Assert.Empty(view.Current.ReadReplicas);
    }

    [Fact]
    public async Task Observation_of_nodes_that_refuse_leaves_no_primary_and_no_replica()
    {
        await using var database = Database(initialPrimary: 0);
        using var view = View(database);

        var snapshot = await view.RefreshAsync(CancellationToken.None);

        Assert.Same(snapshot, view.Current);
        Assert.Null(snapshot.Primary);
        Assert.Empty(snapshot.ReadReplicas);
        Assert.All(snapshot.Nodes, n => Assert.Equal(NodeState.Unreachable, n.State));
        Assert.All(snapshot.Nodes, n => Assert.False(string.IsNullOrEmpty(n.Error)));
    }

    [Fact]
    public async Task Refreshes_asked_for_at_once_each_get_an_observation_of_every_node()
    {
        await using var database = Database(initialPrimary: 0);
        using var view = View(database);

        var snapshots = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => view.RefreshAsync(CancellationToken.None)));

        Assert.All(snapshots, s => Assert.Null(s.Primary));
        Assert.All(snapshots, s => Assert.All(s.Nodes, n => Assert.Equal(NodeState.Unreachable, n.State)));
    }

    private static MessageBoardDatabase Database(int initialPrimary) =>
        new(Options.Create(new MessageBoardOptions { DatabaseNodes = [Refusing, Refusing], InitialPrimary = initialPrimary, SiteName = "x" }), NullLoggerFactory.Instance);

    private static DatabaseClusterView View(MessageBoardDatabase database) =>
        new(database, Options.Create(new MessageBoardOptions()), TimeProvider.System, NullLogger<DatabaseClusterView>.Instance);
}
