using MySqlConnector;
using WebInfra.Database.Provisioning;

namespace WebInfra.Database.Connections;

/// <summary>
/// Connection strings to a node, built in one place so WebInfra's own tools and the application
/// connect the same way: over TCP to the node's address (never a local socket, which would hide a
/// wrong bind address), with a short connect timeout so a dead node is noticed within seconds, and with TLS verified
/// against the internal CA when the node serves it (<c>database.tls</c>).
/// </summary>
public static class DatabaseConnectionStrings
{
    /// <summary>Seconds to wait for a TCP connection and handshake; MySqlConnector's default is 15.</summary>
    public const int ConnectionTimeoutSeconds = 3;

    /// <summary>Builds a connection string to <paramref name="node"/>.</summary>
    /// <param name="node">The node to connect to.</param>
    /// <param name="user">The account.</param>
    /// <param name="password">The account's password.</param>
    /// <param name="database">The default database, or null for none.</param>
    /// <param name="pooling">True for the application (connections are reused); false for one-off administrative work.</param>
    /// <returns>The connection string.</returns>
    public static string For(DatabaseNode node, string user, string password, string? database, bool pooling)
    {
        DatabaseNodeValidator.ThrowIfInvalid(node, nameof(node));
        ArgumentException.ThrowIfNullOrEmpty(user);
        ArgumentNullException.ThrowIfNull(password);
        var builder = new MySqlConnectionStringBuilder
        {
            Server = node.Host,
            Port = (uint)node.Port,
            UserID = user,
            Password = password,
            Pooling = pooling,
            ConnectionTimeout = ConnectionTimeoutSeconds,

            // With database.tls the node's certificate must chain to the internal CA. Without it the node serves no TLS,
            // and None says so rather than MySqlConnector's default Preferred, which would quietly take a TLS it
            // does not verify from a server that offered one.
            SslMode = node.Tls is null ? MySqlSslMode.None : MySqlSslMode.VerifyCA,
        };
        if (node.Tls is { } tls)
        {
            builder.SslCa = tls.AuthorityPath;
        }

        if (database is not null)
        {
            builder.Database = database;
        }

        return builder.ConnectionString;
    }

    internal static MySqlConnectionStringBuilder ForAdmin(DatabaseNode node, DatabaseSecrets secrets, string? database = null)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        return new MySqlConnectionStringBuilder(For(node, secrets.AdminUser, secrets.AdminPassword, database, pooling: false));
    }
}
