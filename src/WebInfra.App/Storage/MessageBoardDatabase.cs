using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MySqlConnector;
using WebInfra.App.Metrics;

namespace WebInfra.App.Storage;

/// <summary>
/// Every database node, each with connection pools that live as long as the app. The options are turned into
/// pools once, here, so the request path only reads settled values. Which node is primary is not decided here
/// but observed by <see cref="DatabaseClusterView"/>, since it changes with a failover.
/// </summary>
internal sealed class MessageBoardDatabase : IAsyncDisposable
{
    /// <summary>How long one observation of a node may take (connect and query) before it counts as unreachable.</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(1);

    public MessageBoardDatabase(IOptions<MessageBoardOptions> options, ILoggerFactory loggerFactory)
    {
        var settings = options.Value;
        Nodes = [.. settings.DatabaseNodes.Select((cs, i) => CreateServer(i, cs, settings.DatabaseNodeNames.ElementAtOrDefault(i), loggerFactory))];
        InitialPrimary = Nodes[settings.InitialPrimary];
    }

    /// <summary>Every node, in the topology's order.</summary>
    public IReadOnlyList<DatabaseServer> Nodes { get; }

    /// <summary>The node the topology names primary: the first guess until the nodes have been observed.</summary>
    public DatabaseServer InitialPrimary { get; }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes)
        {
            await node.DisposeAsync();
        }
    }

    private static DatabaseServer CreateServer(int index, string connectionString, string? nodeName, ILoggerFactory loggerFactory)
    {
        var builder = new MySqlDataSourceBuilder(connectionString);

        // created_at is written as UTC_TIMESTAMP(6); reading it back as UTC makes the JSON end in 'Z'.
        builder.ConnectionStringBuilder.DateTimeKind = MySqlDateTimeKind.Utc;
        var name = $"{builder.ConnectionStringBuilder.Server}:{builder.ConnectionStringBuilder.Port}";
        var dataSource = builder
            .UseName($"WebInfra.App {name}")
            .UseLoggerFactory(loggerFactory)
            .Build();

        // The observer's own pool: one connection is enough, and a dead node must not hold it for the
        // connection string's longer timeout. No logger: a dead node would log a failed connection twice a second,
        // and the cluster view already logs the change of state once.
        var probe = new MySqlConnectionStringBuilder(connectionString)
        {
            ConnectionTimeout = (uint)ProbeTimeout.TotalSeconds,
            DefaultCommandTimeout = (uint)ProbeTimeout.TotalSeconds,
            MaximumPoolSize = 2,
            MinimumPoolSize = 0,
        };
        var probeDataSource = new MySqlDataSourceBuilder(probe.ConnectionString).UseName($"WebInfra.App observer {name}").Build();
        return new DatabaseServer(index, name, dataSource, probeDataSource, new NodeQueryMetrics(nodeName ?? name));
    }
}
