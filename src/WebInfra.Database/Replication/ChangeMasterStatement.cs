using System.Globalization;
using MySqlConnector;
using WebInfra.Database.Connections;
using WebInfra.Database.Provisioning;

namespace WebInfra.Database.Replication;

/// <summary>
/// The one way a node is pointed at a primary, shared by the first wiring and by failover: GTID-based
/// (<c>slave_pos</c>), and with a connect retry every second and a 1 s heartbeat, so a replica notices a primary that
/// went away (or came back) within seconds rather than <c>slave_net_timeout</c>'s 60; over verified TLS with <c>database.tls</c>.
/// </summary>
internal static class ChangeMasterStatement
{
    /// <summary>The statement that points <paramref name="replica"/>, behind <paramref name="connection"/>, at <paramref name="primary"/>.</summary>
    public static async Task<string> ForAsync(MySqlConnection connection, DatabaseNode replica, DatabaseNode primary, DatabaseSecrets secrets, CancellationToken cancellationToken)
    {
        var authority = primary.Tls is null ? null : await AuthorityOnReplicaAsync(connection, replica, cancellationToken);
        return For(primary, secrets, authority);
    }

    /// <summary>The statement, with the internal CA at <paramref name="authorityOnReplica"/> on the replica's server (null without TLS).</summary>
    public static string For(DatabaseNode primary, DatabaseSecrets secrets, string? authorityOnReplica) => string.Create(CultureInfo.InvariantCulture,
        $"""
        CHANGE MASTER TO
            MASTER_HOST = {SqlText.Literal(primary.Host)},
            MASTER_PORT = {primary.Port},
            MASTER_USER = {SqlText.Literal(secrets.ReplicationUser)},
            MASTER_PASSWORD = {SqlText.Literal(secrets.ReplicationPassword)},
            MASTER_USE_GTID = slave_pos,
            MASTER_CONNECT_RETRY = 1,
            MASTER_HEARTBEAT_PERIOD = 1,
        {Tls(authorityOnReplica)}
        """);

    /// <summary>
    /// Where the replica's server keeps the internal CA: the <c>ssl_ca</c> its mariadbd was started with. The CHANGE
    /// MASTER runs there, and the path this process knows is its own machine's: on SSH hosts the site's files are under
    /// another folder than this machine's run state.
    /// </summary>
    private static async Task<string> AuthorityOnReplicaAsync(MySqlConnection connection, DatabaseNode replica, CancellationToken cancellationToken)
    {
        return await NodeAdministration.VariableAsync(connection, "ssl_ca", cancellationToken) is { Length: > 0 } path
            ? path
            : throw new DatabaseNodeException(replica, string.Create(CultureInfo.InvariantCulture,
                $"{replica.Name} at {replica.Host}:{replica.Port} runs without TLS (its mariadbd has no ssl_ca), and database.tls asks for it: restart it"));
    }

    /// <summary>
    /// With <c>database.tls</c>: TLS to the primary, whose certificate must chain to the internal CA and name the
    /// address connected to. Without it, the statement turns TLS off explicitly, so a node that replicated over TLS
    /// before does not keep the old setting.
    /// </summary>
    private static string Tls(string? authorityOnReplica) => authorityOnReplica is not null
        ? $"""
              MASTER_SSL = 1,
              MASTER_SSL_CA = {SqlText.Literal(authorityOnReplica)},
              MASTER_SSL_VERIFY_SERVER_CERT = 1
          """
        : """
              MASTER_SSL = 0,
              MASTER_SSL_VERIFY_SERVER_CERT = 0
          """;
}
