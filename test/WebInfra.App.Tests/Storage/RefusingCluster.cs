using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using WebInfra.App.Storage;

namespace WebInfra.App.Tests.Storage;

/// <summary>Two database nodes on port 1 of loopback, which refuses at once: an observation finds neither, without any server.</summary>
internal static class RefusingCluster
{
    private const string Refusing = "Server=127.0.0.1;Port=1;User ID=app;Password=x;Connection Timeout=1";

    public static MessageBoardDatabase Database(int initialPrimary) =>
        new(Options.Create(new MessageBoardOptions { DatabaseNodes = [Refusing, Refusing], InitialPrimary = initialPrimary, SiteName = "x" }), NullLoggerFactory.Instance);

    public static DatabaseClusterView View(MessageBoardDatabase database) =>
        new(database, Options.Create(new MessageBoardOptions()), TimeProvider.System, NullLogger<DatabaseClusterView>.Instance);
}
