using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using WebInfra.Database;
using WebInfra.Database.Provisioning;
using WebInfra.Database.Replication;

namespace WebInfra.FunctionalTests.Database;

/// <summary>The bootstrapper against an address where nothing listens.</summary>
public sealed class ClusterBootstrapperUnreachableTests
{
    private static readonly DatabaseNode s_deadNode =
        new("server-9/db", "127.0.2.209", 13306, "/nonexistent/server-9/db", 9, DatabaseRole.Replica);

    private readonly ClusterBootstrapper _bootstrapper = new(
        new DatabaseSecrets("webinfra_admin", "pw", "foobar_app", "pw", "webinfra_repl", "pw"), NullLoggerFactory.Instance);

    [Fact]
    public async Task Waiting_for_a_dead_node_names_the_node_its_address_and_the_last_error()
    {
        var watch = Stopwatch.StartNew();

        var exception = await Assert.ThrowsAsync<DatabaseNodeException>(() =>
            _bootstrapper.WaitUntilReadyAsync(s_deadNode, TimeSpan.FromSeconds(1), CancellationToken.None));

        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));
        Assert.Same(s_deadNode, exception.Node);
        Assert.Contains("server-9/db", exception.Message, StringComparison.Ordinal);
        Assert.Contains("127.0.2.209:13306", exception.Message, StringComparison.Ordinal);
        Assert.Contains("Unable to connect", exception.Message, StringComparison.Ordinal);
        Assert.NotNull(exception.InnerException);
    }

    [Fact]
    public async Task Ping_of_a_dead_node_is_false()
    {
        Assert.False(await _bootstrapper.PingAsync(s_deadNode, CancellationToken.None));
    }
}
