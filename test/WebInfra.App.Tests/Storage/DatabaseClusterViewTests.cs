using WebInfra.App.Storage;

namespace WebInfra.App.Tests.Storage;

public sealed class DatabaseClusterViewTests
{
    [Fact]
    public async Task Until_the_first_observation_the_topologys_primary_takes_writes()
    {
        await using var database = RefusingCluster.Database(initialPrimary: 1);
        using var view = RefusingCluster.View(database);

        Assert.Same(database.Nodes[1], view.Current.Primary);
        Assert.Empty(view.Current.ReadReplicas);
    }

    [Fact]
    public async Task Observation_of_nodes_that_refuse_leaves_no_primary_and_no_replica()
    {
        await using var database = RefusingCluster.Database(initialPrimary: 0);
        using var view = RefusingCluster.View(database);

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
        await using var database = RefusingCluster.Database(initialPrimary: 0);
        using var view = RefusingCluster.View(database);

        var snapshots = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => view.RefreshAsync(CancellationToken.None)));

        Assert.All(snapshots, s => Assert.Null(s.Primary));
        Assert.All(snapshots, s => Assert.All(s.Nodes, n => Assert.Equal(NodeState.Unreachable, n.State)));
    }
}
