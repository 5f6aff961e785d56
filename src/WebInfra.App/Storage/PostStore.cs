using System.Data;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MySqlConnector;
using WebInfra.App.Diagnostics;
using WebInfra.App.Posts;

namespace WebInfra.App.Storage;

/// <summary>
/// Reads and writes posts with parameterized SQL on MySqlConnector's pools, where <see cref="DatabaseClusterView"/>
/// says. Writes go to the primary; one the primary refuses as read-only (1290), or that cannot connect, was never
/// applied, so the view is refreshed at once and the write is tried once more on the new primary; a write whose
/// connection broke after it was sent may have been applied, so it is never repeated and the client gets 503.
/// Reads go round robin to the replicas that take reads (while the primary is gone, those that hold all they
/// received), else to the primary; a read whose node cannot be reached is tried once more after a fresh look at the
/// cluster. A read carrying the client's last GTID first waits (<c>MASTER_GTID_WAIT</c>) for the replica to apply
/// it, and goes to the primary when it does not in time. When a replica says a post does not exist, the primary, if
/// there is one, is asked once more before the answer is "not found", so replication lag never hides a post its
/// writer just saw created. Per-request fallbacks are only counted and
/// logged at Debug.
/// </summary>
internal sealed partial class PostStore
{
    private const string InsertSql = """
        INSERT INTO posts (author, body, created_at) VALUES (@author, @body, UTC_TIMESTAMP(6));
        SELECT id, author, body, created_at FROM posts WHERE id = LAST_INSERT_ID();
        SELECT @@last_gtid;
        """;

    private const string FindSql = "SELECT id, author, body, created_at FROM posts WHERE id = @id";

    private const string LatestSql = "SELECT id, author, body, created_at FROM posts ORDER BY id DESC LIMIT @limit";

    private const string GtidWaitSql = "SELECT MASTER_GTID_WAIT(@gtid, @timeout)";

    private readonly DatabaseClusterView _cluster;
    private readonly ReplicaSelector _replicas = new();
    private readonly TimeSpan _readYourWritesTimeout;
    private readonly MessageBoardMetrics _metrics;
    private readonly ILogger<PostStore> _logger;

    public PostStore(DatabaseClusterView cluster, IOptions<MessageBoardOptions> options, MessageBoardMetrics metrics, ILogger<PostStore> logger)
    {
        _cluster = cluster;
        _readYourWritesTimeout = options.Value.ReadYourWritesTimeout;
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>
    /// Inserts the post on the primary and reads the stored row and the transaction's GTID back in the same round
    /// trip and connection, so the answer carries the id and timestamp the database assigned.
    /// </summary>
    /// <exception cref="DatabaseUnavailableException">No node is writable, or the write's outcome is unknown.</exception>
    public async Task<WrittenPost> CreateAsync(NewPost post, CancellationToken cancellationToken)
    {
        var snapshot = _cluster.Current;
        for (var attempt = 0; ; attempt++)
        {
            // With no primary known, look once more before giving up: the periodic observation may be a moment old.
            var primary = snapshot.Primary
                ?? (attempt == 0 ? (snapshot = await _cluster.RefreshAsync(cancellationToken)).Primary : null)
                ?? throw new DatabaseUnavailableException("No database node is writable; a failover may be in progress.");

            var (written, notApplied) = await TryWriteAsync(primary, post, cancellationToken);
            if (written is not null)
            {
                return written;
            }

            if (attempt > 0)
            {
                throw new DatabaseUnavailableException($"Database node {primary.Name} did not take the write, twice: {notApplied!.Message}", notApplied);
            }

            // Nothing was written, so trying again is safe: once, on whatever node the cluster now says is primary.
            snapshot = await _cluster.RefreshAsync(cancellationToken);
            _metrics.WriteRetried();
            Log.WriteRetriedOnNewPrimary(_logger, primary.Name, snapshot.Primary?.Name ?? "none", notApplied!.Message);
        }
    }

    /// <summary>Finds a post by id; a replica's "no such post" is checked on the primary before it is believed.</summary>
    /// <param name="id">The post's id.</param>
    /// <param name="gtid">The client's last write (validated by <see cref="GtidPosition"/>), or null.</param>
    /// <param name="cancellationToken">Cancels the query when the client goes away.</param>
    public async Task<Post?> FindAsync(ulong id, string? gtid, CancellationToken cancellationToken)
    {
        var (post, fromReplica) = await ReadAsync(id, SelectByIdAsync, gtid, cancellationToken);
        if (post is null && fromReplica)
        {
            post = await RecheckOnPrimaryAsync(id, SelectByIdAsync, id, post, cancellationToken);
        }

        return post;
    }

    /// <summary>Returns the newest <paramref name="limit"/> posts, newest first.</summary>
    /// <param name="limit">How many posts, at most.</param>
    /// <param name="knownPostId">
    /// A post the caller knows exists because it has just written it, or 0. When a replica's list is older than
    /// that post, the list is read again from the primary, so writers always see their own post.
    /// </param>
    /// <param name="gtid">The client's last write (validated by <see cref="GtidPosition"/>), or null.</param>
    /// <param name="cancellationToken">Cancels the query when the client goes away.</param>
    public async Task<IReadOnlyList<Post>> GetLatestAsync(int limit, ulong knownPostId, string? gtid, CancellationToken cancellationToken)
    {
        var (posts, fromReplica) = await ReadAsync(limit, SelectLatestAsync, gtid, cancellationToken);
        if (knownPostId != 0 && fromReplica && (posts.Count == 0 || posts[0].Id < knownPostId))
        {
            posts = await RecheckOnPrimaryAsync(limit, SelectLatestAsync, knownPostId, posts, cancellationToken);
        }

        return posts;
    }

    /// <summary>
    /// Asks the primary when a replica's answer may be older than the caller knows the data to be. With no primary
    /// (or one that cannot be reached) the replica's answer stands: it is the freshest the cluster has.
    /// </summary>
    private async Task<T> RecheckOnPrimaryAsync<TArgument, T>(
        TArgument argument,
        Func<MySqlConnection, TArgument, CancellationToken, Task<T>> query,
        ulong postId,
        T replicaAnswer,
        CancellationToken cancellationToken)
    {
        if (_cluster.Current.Primary is not { } primary)
        {
            return replicaAnswer;
        }

        _metrics.PostRecheckedOnPrimary();
        Log.PostRecheckedOnPrimary(_logger, postId);
        try
        {
            var (result, _) = await QueryAsync(primary, onReplica: false, argument, query, gtid: null, TimeSpan.Zero, cancellationToken);
            _metrics.Read(onReplica: false);
            return result;
        }
        catch (DatabaseUnavailableException)
        {
            return replicaAnswer;
        }
    }

    /// <summary>
    /// Runs a read on a replica when one takes reads, else on the primary, and says whether a replica answered. A read
    /// whose node cannot be reached (or whose GTID the replica lacks, with no primary to ask) looks at the cluster
    /// again at once and is tried once more on what the cluster then says, so a node that has just died costs the read
    /// one refresh instead of a 503. A read carrying a GTID waits for it only on its first replica; the retry asks
    /// without waiting.
    /// </summary>
    private async Task<(T Result, bool FromReplica)> ReadAsync<TArgument, T>(
        TArgument argument,
        Func<MySqlConnection, TArgument, CancellationToken, Task<T>> query,
        string? gtid,
        CancellationToken cancellationToken)
    {
        var snapshot = _cluster.Current;
        var gtidWait = _readYourWritesTimeout;
        for (var attempt = 0; ; attempt++)
        {
            if (_replicas.Pick(snapshot) is { } replica)
            {
                try
                {
                    var (result, served) = await QueryAsync(replica, onReplica: true, argument, query, gtid, gtidWait, cancellationToken);
                    if (gtid is not null)
                    {
                        _metrics.ReadYourWritesWaited(served);
                    }

                    if (served)
                    {
                        _metrics.Read(onReplica: true);
                        return (result, true);
                    }

                    Log.ReadYourWritesFellBackToPrimary(_logger, replica.Name, gtid);
                }
                catch (DatabaseUnavailableException)
                {
                    // The observer takes the replica out within its interval; the primary (or the retry) takes this read.
                    _metrics.ReadFellBackToPrimary();
                }
            }
            else if (snapshot.HasReplicaNodes)
            {
                _metrics.ReadFellBackToPrimary();
                Log.ReadFellBackToPrimary(_logger);
            }

            if (snapshot.Primary is { } primary)
            {
                try
                {
                    var (answer, _) = await QueryAsync(primary, onReplica: false, argument, query, gtid: null, TimeSpan.Zero, cancellationToken);
                    _metrics.Read(onReplica: false);
                    return (answer, false);
                }
                catch (DatabaseUnavailableException) when (attempt == 0)
                {
                    // One more look at the cluster below.
                }
            }

            if (attempt > 0)
            {
                throw new DatabaseUnavailableException(gtid is null
                    ? "No database node could take the read."
                    : $"No database node that takes reads has GTID {gtid}.");
            }

            snapshot = await _cluster.RefreshAsync(cancellationToken);
            gtidWait = TimeSpan.Zero;
            Log.ReadRetriedAfterRefresh(_logger, snapshot.Primary?.Name ?? "none", snapshot.ReadReplicas.Count);
        }
    }

    /// <summary>
    /// Opens a pooled connection to <paramref name="server"/> and runs <paramref name="query"/>, after waiting for
    /// <paramref name="gtid"/> for up to <paramref name="gtidWait"/> when one is given; Served is false when the wait
    /// timed out and nothing was read.
    /// Failures to reach the server become <see cref="DatabaseUnavailableException"/>; any other failure (a bad
    /// query, a missing table) is a bug and propagates as it is. The query is counted against the server in the role
    /// it is used in, and so is its failure.
    /// </summary>
    private static async Task<(T Result, bool Served)> QueryAsync<TArgument, T>(
        DatabaseServer server,
        bool onReplica,
        TArgument argument,
        Func<MySqlConnection, TArgument, CancellationToken, Task<T>> query,
        string? gtid,
        TimeSpan gtidWait,
        CancellationToken cancellationToken)
    {
        server.Queries.Sent(onReplica);
        MySqlConnection connection;
        try
        {
            connection = await server.DataSource.OpenConnectionAsync(cancellationToken);
        }
        catch (MySqlException ex) when (!cancellationToken.IsCancellationRequested)
        {
            server.Queries.Failed();
            throw new DatabaseUnavailableException($"Database node {server.Name} cannot be reached.", ex);
        }

        await using (connection)
        {
            try
            {
                if (gtid is not null && !await WaitForGtidAsync(connection, gtid, gtidWait, cancellationToken))
                {
                    return (default!, false);
                }

                return (await query(connection, argument, cancellationToken), true);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && IsConnectionFailure(ex, connection))
            {
                server.Queries.Failed();
                throw new DatabaseUnavailableException($"Database node {server.Name} cannot be reached.", ex);
            }
            catch (MySqlException) when (!cancellationToken.IsCancellationRequested)
            {
                server.Queries.Failed();
                throw;
            }
        }
    }

    /// <summary>True when the replica has applied <paramref name="gtid"/> within <paramref name="wait"/> (zero: already).</summary>
    private static async Task<bool> WaitForGtidAsync(MySqlConnection connection, string gtid, TimeSpan wait, CancellationToken cancellationToken)
    {
        await using var command = new MySqlCommand(GtidWaitSql, connection);
        command.Parameters.AddWithValue("@gtid", gtid);
        command.Parameters.AddWithValue("@timeout", wait.TotalSeconds);

        // 0: applied; -1: timed out; NULL: an error such as a position the server cannot parse.
        var result = await command.ExecuteScalarAsync(cancellationToken);
        return result is not null and not DBNull && Convert.ToInt64(result, CultureInfo.InvariantCulture) == 0;
    }

    /// <summary>
    /// Writes on <paramref name="primary"/>. Returns the post, or null and the reason when the write was certainly
    /// not applied (it could not connect, or the node is read-only), so that it may be tried elsewhere. The write is
    /// counted against the primary, and so is its failure.
    /// </summary>
    private static async Task<(WrittenPost? Written, Exception? NotApplied)> TryWriteAsync(DatabaseServer primary, NewPost post, CancellationToken cancellationToken)
    {
        primary.Queries.Sent(onReplica: false);
        MySqlConnection connection;
        try
        {
            connection = await primary.DataSource.OpenConnectionAsync(cancellationToken);
        }
        catch (MySqlException ex) when (!cancellationToken.IsCancellationRequested)
        {
            primary.Queries.Failed();
            return (null, ex);
        }

        await using (connection)
        {
            try
            {
                return (await InsertAndSelectAsync(connection, post, cancellationToken), null);
            }
            catch (MySqlException ex) when (ex.ErrorCode == MySqlErrorCode.OptionPreventsStatement)
            {
                // --read-only: this node is no longer (or not yet) the primary; the INSERT was refused, not applied.
                primary.Queries.Failed();
                return (null, ex);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && IsConnectionFailure(ex, connection))
            {
                primary.Queries.Failed();
                throw new DatabaseUnavailableException(
                    $"The connection to database node {primary.Name} broke after the write was sent; it may or may not have been applied, so it is not repeated.", ex);
            }
            catch (MySqlException) when (!cancellationToken.IsCancellationRequested)
            {
                primary.Queries.Failed();
                throw;
            }
        }
    }

    // A broken connection means the server went away mid-query; the transient codes include "cannot connect".
    // ServerShutdown is what a server says while it stops cleanly.
    private static bool IsConnectionFailure(Exception exception, MySqlConnection connection) =>
        connection.State == ConnectionState.Broken
        || exception is MySqlException { IsTransient: true } or MySqlException { ErrorCode: MySqlErrorCode.ServerShutdown };

    private static async Task<WrittenPost> InsertAndSelectAsync(MySqlConnection connection, NewPost post, CancellationToken cancellationToken)
    {
        await using var command = new MySqlCommand(InsertSql, connection);
        command.Parameters.AddWithValue("@author", post.Author);
        command.Parameters.AddWithValue("@body", post.Body);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var stored = await reader.ReadAsync(cancellationToken)
            ? ReadPost(reader)
            : throw new InvalidOperationException("The post was inserted, but reading it back by LAST_INSERT_ID() returned no row.");
        string? gtid = null;
        if (await reader.NextResultAsync(cancellationToken) && await reader.ReadAsync(cancellationToken) && !reader.IsDBNull(0))
        {
            gtid = reader.GetString(0);
        }

        return new WrittenPost(stored, GtidPosition.IsValid(gtid) ? gtid : null);
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
        [LoggerMessage(EventIds.ReadFellBackToPrimary, LogLevel.Debug, "Read went to the primary because no replica is eligible")]
        public static partial void ReadFellBackToPrimary(ILogger logger);

        [LoggerMessage(EventIds.PostRecheckedOnPrimary, LogLevel.Debug, "A replica lacked post {PostId}; asked the primary")]
        public static partial void PostRecheckedOnPrimary(ILogger logger, ulong postId);

        [LoggerMessage(EventIds.WriteRetriedOnNewPrimary, LogLevel.Debug, "Write not taken by {Node} ({Reason}); retrying once on {Primary}")]
        public static partial void WriteRetriedOnNewPrimary(ILogger logger, string node, string primary, string reason);

        [LoggerMessage(EventIds.ReadRetriedAfterRefresh, LogLevel.Debug, "A read found no node to answer it; looked at the cluster again (primary {Primary}, {Replicas} nodes take reads) and tries once more")]
        public static partial void ReadRetriedAfterRefresh(ILogger logger, string primary, int replicas);

        [LoggerMessage(EventIds.ReadYourWritesFellBackToPrimary, LogLevel.Debug, "Replica {Node} had not applied {Gtid} in time; the primary takes the read")]
        public static partial void ReadYourWritesFellBackToPrimary(ILogger logger, string node, string? gtid);
    }
}
