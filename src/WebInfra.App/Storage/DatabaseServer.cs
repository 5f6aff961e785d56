using MySqlConnector;

namespace WebInfra.App.Storage;

/// <summary>
/// One database server as the app sees it: its connection pool and whether it answered lately. Keeping the
/// health here lets the app skip a dead replica for a while instead of paying a failed connection attempt on
/// every read, and log the change of state once instead of once per request.
/// </summary>
internal sealed class DatabaseServer : IAsyncDisposable
{
    /// <summary>
    /// How long an unreachable replica is skipped before a read tries it again. Matches HAProxy's default
    /// check interval (<c>inter 2s</c>).
    /// </summary>
    public static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(2);

    private readonly Lock _lock = new();
    private readonly TimeProvider _timeProvider;
    private readonly long _retryIntervalInTimestampUnits;
    private volatile DatabaseServerHealth _health = DatabaseServerHealth.Reachable;
    private long _unreachableSince;
    private long _retryAt;

    public DatabaseServer(string name, DatabaseRole role, MySqlDataSource dataSource, TimeProvider timeProvider)
    {
        Name = name;
        Role = role;
        DataSource = dataSource;
        _timeProvider = timeProvider;
        _retryIntervalInTimestampUnits = (long)(RetryInterval.TotalSeconds * timeProvider.TimestampFrequency);
    }

    /// <summary>The server's address (<c>host:port</c>), for logs; never the connection string, which has the password.</summary>
    public string Name { get; }

    public DatabaseRole Role { get; }

    public MySqlDataSource DataSource { get; }

    public DatabaseServerHealth Health => _health;

    /// <summary>True when a read may try this server: it is reachable, or it is unreachable and its retry time has come.</summary>
    public bool IsWorthTrying => _health == DatabaseServerHealth.Reachable
        || _timeProvider.GetTimestamp() >= Volatile.Read(ref _retryAt);

    /// <summary>Records that the server could not be reached.</summary>
    /// <returns>True when this changed the server from reachable to unreachable, so the caller logs it once.</returns>
    public bool RecordUnreachable()
    {
        var now = _timeProvider.GetTimestamp();
        lock (_lock)
        {
            Volatile.Write(ref _retryAt, now + _retryIntervalInTimestampUnits);
            if (_health == DatabaseServerHealth.Unreachable)
            {
                return false;
            }

            _unreachableSince = now;
            _health = DatabaseServerHealth.Unreachable;
            return true;
        }
    }

    /// <summary>Records that the server answered. Cheap when it already was reachable, as it is on the hot path.</summary>
    /// <returns>How long it had been unreachable when this changed it back to reachable; otherwise null.</returns>
    public TimeSpan? RecordReachable()
    {
        if (_health == DatabaseServerHealth.Reachable)
        {
            return null;
        }

        lock (_lock)
        {
            if (_health == DatabaseServerHealth.Reachable)
            {
                return null;
            }

            _health = DatabaseServerHealth.Reachable;
            return _timeProvider.GetElapsedTime(_unreachableSince);
        }
    }

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
