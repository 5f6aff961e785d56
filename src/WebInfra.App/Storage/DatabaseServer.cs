using System.Net;
using MySqlConnector;
using WebInfra.App.Metrics;

namespace WebInfra.App.Storage;

/// <summary>
/// One database node as the app sees it: the pool that requests use, and a separate small pool with a short
/// timeout that only <see cref="DatabaseClusterView"/> uses to observe it, so that observing a dead node never
/// waits behind requests and a request never waits behind an observation.
/// </summary>
internal sealed class DatabaseServer : IAsyncDisposable
{
    public DatabaseServer(int index, string name, MySqlDataSource dataSource, MySqlDataSource probeDataSource, NodeQueryMetrics queries)
    {
        Index = index;
        Name = name;
        DataSource = dataSource;
        ProbeDataSource = probeDataSource;
        Queries = queries;
    }

    /// <summary>The node's position in <see cref="MessageBoardOptions.DatabaseNodes"/>.</summary>
    public int Index { get; }

    /// <summary>The node's address (<c>host:port</c>), for logs; never the connection string, which has the password.</summary>
    public string Name { get; }

    /// <summary>Where the node listens, for the database endpoints, which forward connections there.</summary>
    public IPEndPoint EndPoint => IPEndPoint.Parse(Name);

    public MySqlDataSource DataSource { get; }

    public MySqlDataSource ProbeDataSource { get; }

    /// <summary>The node's query counters.</summary>
    public NodeQueryMetrics Queries { get; }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await ProbeDataSource.DisposeAsync();
    }

    public override string ToString() => Name;
}
