using System.Data;
using Microsoft.Extensions.Logging;
using MySqlConnector;
using WebInfra.App.Diagnostics;
using WebInfra.App.Posts;

namespace WebInfra.App.Storage;

/// <summary>
/// Reads and writes posts with parameterized SQL on MySqlConnector's pools. Writes go to the primary. Reads
/// go to a replica, round robin, and fall back to the primary when the replica cannot be reached, so a dead
/// replica costs latency, not errors. When a replica says a post does not exist, the primary is asked once
/// more before the answer is "not found", so replication lag never hides a post its writer just saw created.
/// A server's change of state is logged once (Warning when it becomes unreachable, Information when it is
/// back); per-request fallbacks are only counted and logged at Debug.
/// </summary>
internal sealed partial class PostStore
{
    private const string InsertSql = """
        INSERT INTO posts (author, body, created_at) VALUES (@author, @body, UTC_TIMESTAMP(6));
        SELECT id, author, body, created_at FROM posts WHERE id = LAST_INSERT_ID();
        """;

    private const string FindSql = "SELECT id, author, body, created_at FROM posts WHERE id = @id";

    private const string LatestSql = "SELECT id, author, body, created_at FROM posts ORDER BY id DESC LIMIT @limit";

    private readonly MessageBoardDatabase _database;
    private readonly ReplicaSelector _replicas;
    private readonly MessageBoardMetrics _metrics;
    private readonly ILogger<PostStore> _logger;

    public PostStore(MessageBoardDatabase database, MessageBoardMetrics metrics, ILogger<PostStore> logger)
    {
        _database = database;
        _replicas = new ReplicaSelector(database.Replicas);
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>
    /// Inserts the post on the primary and reads the stored row back in the same round trip and connection,
    /// so the answer carries the id and timestamp the database assigned.
    /// </summary>
    public Task<Post> CreateAsync(NewPost post, CancellationToken cancellationToken) =>
        QueryAsync(_database.Primary, post, InsertAndSelectAsync, cancellationToken);

    public async Task<Post?> FindAsync(ulong id, CancellationToken cancellationToken)
    {
        var (post, server) = await ReadAsync(id, SelectByIdAsync, cancellationToken);
        if (post is null && server.Role == DatabaseRole.Replica)
        {
            post = await RecheckOnPrimaryAsync(id, SelectByIdAsync, server, id, cancellationToken);
        }

        return post;
    }

    /// <summary>Returns the newest <paramref name="limit"/> posts, newest first.</summary>
    /// <param name="limit">How many posts, at most.</param>
    /// <param name="knownPostId">
    /// A post the caller knows exists because it has just written it, or 0. When a replica's list is older than
    /// that post, the list is read again from the primary, so writers always see their own post.
    /// </param>
    /// <param name="cancellationToken">Cancels the query when the client goes away.</param>
    public async Task<IReadOnlyList<Post>> GetLatestAsync(int limit, ulong knownPostId, CancellationToken cancellationToken)
    {
        var (posts, server) = await ReadAsync(limit, SelectLatestAsync, cancellationToken);
        if (knownPostId != 0 && server.Role == DatabaseRole.Replica && (posts.Count == 0 || posts[0].Id < knownPostId))
        {
            posts = await RecheckOnPrimaryAsync(limit, SelectLatestAsync, server, knownPostId, cancellationToken);
        }

        return posts;
    }

    private async Task<T> RecheckOnPrimaryAsync<TArgument, T>(
        TArgument argument,
        Func<MySqlConnection, TArgument, CancellationToken, Task<T>> query,
        DatabaseServer replica,
        ulong postId,
        CancellationToken cancellationToken)
    {
        _metrics.PostRecheckedOnPrimary();
        Log.PostRecheckedOnPrimary(_logger, postId, replica.Name);
        return await QueryAsync(_database.Primary, argument, query, cancellationToken);
    }

    /// <summary>Runs a read on a replica when one can be used, else on the primary, and says which server answered.</summary>
    private async Task<(T Result, DatabaseServer Server)> ReadAsync<TArgument, T>(
        TArgument argument,
        Func<MySqlConnection, TArgument, CancellationToken, Task<T>> query,
        CancellationToken cancellationToken)
    {
        if (_replicas.Pick() is { } replica)
        {
            try
            {
                return (await QueryAsync(replica, argument, query, cancellationToken), replica);
            }
            catch (DatabaseUnavailableException)
            {
                // Already logged when the replica changed state; the primary takes this read.
            }
        }

        if (_replicas.HasReplicas)
        {
            _metrics.ReadFellBackToPrimary();
            Log.ReadFellBackToPrimary(_logger, _database.Primary.Name);
        }

        return (await QueryAsync(_database.Primary, argument, query, cancellationToken), _database.Primary);
    }

    /// <summary>
    /// Opens a pooled connection to <paramref name="server"/>, runs <paramref name="query"/> and keeps the
    /// server's health current. Failures to reach the server become <see cref="DatabaseUnavailableException"/>;
    /// any other failure (a bad query, a missing table) is a bug and propagates as it is.
    /// </summary>
    private async Task<T> QueryAsync<TArgument, T>(
        DatabaseServer server,
        TArgument argument,
        Func<MySqlConnection, TArgument, CancellationToken, Task<T>> query,
        CancellationToken cancellationToken)
    {
        MySqlConnection connection;
        try
        {
            connection = await server.DataSource.OpenConnectionAsync(cancellationToken);
        }
        catch (MySqlException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw Unreachable(server, ex);
        }

        await using (connection)
        {
            T result;
            try
            {
                result = await query(connection, argument, cancellationToken);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && IsConnectionFailure(ex, connection))
            {
                throw Unreachable(server, ex);
            }

            if (server.RecordReachable() is { } downtime)
            {
                Log.DatabaseServerReachable(_logger, server.Role, server.Name, downtime);
            }

            return result;
        }
    }

    private DatabaseUnavailableException Unreachable(DatabaseServer server, Exception exception)
    {
        if (server.RecordUnreachable())
        {
            Log.DatabaseServerUnreachable(_logger, exception, server.Role, server.Name);
        }

        return new DatabaseUnavailableException(server, exception);
    }

    // A broken connection means the server went away mid-query; the transient codes include "cannot connect".
    // ServerShutdown is what a server says while it stops cleanly.
    private static bool IsConnectionFailure(Exception exception, MySqlConnection connection) =>
        connection.State == ConnectionState.Broken
        || exception is MySqlException { IsTransient: true } or MySqlException { ErrorCode: MySqlErrorCode.ServerShutdown };

    private static async Task<Post> InsertAndSelectAsync(MySqlConnection connection, NewPost post, CancellationToken cancellationToken)
    {
        await using var command = new MySqlCommand(InsertSql, connection);
        command.Parameters.AddWithValue("@author", post.Author);
        command.Parameters.AddWithValue("@body", post.Body);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? ReadPost(reader)
            : throw new InvalidOperationException("The post was inserted, but reading it back by LAST_INSERT_ID() returned no row.");
    }

    private static async Task<Post?> SelectByIdAsync(MySqlConnection connection, ulong id, CancellationToken cancellationToken)
    {
        await using var command = new MySqlCommand(FindSql, connection);
        command.Parameters.AddWithValue("@id", id);
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleRow, cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadPost(reader) : null;
    }

    private static async Task<IReadOnlyList<Post>> SelectLatestAsync(MySqlConnection connection, int limit, CancellationToken cancellationToken)
    {
        await using var command = new MySqlCommand(LatestSql, connection);
        command.Parameters.AddWithValue("@limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var posts = new List<Post>(limit);
        while (await reader.ReadAsync(cancellationToken))
        {
            posts.Add(ReadPost(reader));
        }

        return posts;
    }

    private static Post ReadPost(MySqlDataReader reader) =>
        new(reader.GetUInt64(0), reader.GetString(1), reader.GetString(2), reader.GetDateTime(3));

    private static partial class Log
    {
        [LoggerMessage(EventIds.DatabaseServerUnreachable, LogLevel.Warning, "Database {Role} {Server} is unreachable")]
        public static partial void DatabaseServerUnreachable(ILogger logger, Exception exception, DatabaseRole role, string server);

        [LoggerMessage(EventIds.DatabaseServerReachable, LogLevel.Information, "Database {Role} {Server} is reachable again after {Downtime}")]
        public static partial void DatabaseServerReachable(ILogger logger, DatabaseRole role, string server, TimeSpan downtime);

        [LoggerMessage(EventIds.ReadFellBackToPrimary, LogLevel.Debug, "Read went to primary {Server} because no replica could be used")]
        public static partial void ReadFellBackToPrimary(ILogger logger, string server);

        [LoggerMessage(EventIds.PostRecheckedOnPrimary, LogLevel.Debug, "Replica {Replica} lacked post {PostId}; asked the primary")]
        public static partial void PostRecheckedOnPrimary(ILogger logger, ulong postId, string replica);
    }
}
