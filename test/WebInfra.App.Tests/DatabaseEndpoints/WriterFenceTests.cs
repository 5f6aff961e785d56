using Microsoft.Extensions.Logging.Abstractions;
using WebInfra.App.DatabaseEndpoints;
using WebInfra.App.Tests.Storage;

namespace WebInfra.App.Tests.DatabaseEndpoints;

public sealed class WriterFenceTests
{
    [Fact]
    public async Task A_writer_connection_to_the_primary_is_fenced_when_an_observation_finds_it_no_longer_primary()
    {
        await using var database = RefusingCluster.Database(initialPrimary: 0);
        using var view = RefusingCluster.View(database);
        using var fence = new WriterFence(view, NullLogger<WriterFence>.Instance);

        var primary = fence.TokenFor(database.Nodes[0]);
        var notPrimary = fence.TokenFor(database.Nodes[1]);
        Assert.False(primary.IsCancellationRequested);
        Assert.True(notPrimary.IsCancellationRequested, "a connection to a node that is not the primary is refused at once");

        await view.RefreshAsync(CancellationToken.None);

        Assert.True(primary.IsCancellationRequested, "no node is writable now: the old primary's connections are closed");
        Assert.True(fence.TokenFor(database.Nodes[0]).IsCancellationRequested);
    }
}
