using System.Globalization;
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
    public static string For(DatabaseNode primary, DatabaseSecrets secrets) => string.Create(CultureInfo.InvariantCulture,
        $"""
        CHANGE MASTER TO
            MASTER_HOST = {SqlText.Literal(primary.Host)},
            MASTER_PORT = {primary.Port},
            MASTER_USER = {SqlText.Literal(secrets.ReplicationUser)},
            MASTER_PASSWORD = {SqlText.Literal(secrets.ReplicationPassword)},
            MASTER_USE_GTID = slave_pos,
            MASTER_CONNECT_RETRY = 1,
            MASTER_HEARTBEAT_PERIOD = 1,
        {Tls(primary)}
        """);

    /// <summary>
    /// With <c>database.tls</c>: TLS to the primary, whose certificate must chain to the internal CA and name the
    /// address connected to. The CA file is the site's one, at the same path on every server. Without it, the statement
    /// turns TLS off explicitly, so a node that replicated over TLS before does not keep the old setting.
    /// </summary>
    private static string Tls(DatabaseNode primary) => primary.Tls is { } tls
        ? $"""
              MASTER_SSL = 1,
              MASTER_SSL_CA = {SqlText.Literal(tls.AuthorityPath)},
              MASTER_SSL_VERIFY_SERVER_CERT = 1
          """
        : """
              MASTER_SSL = 0,
              MASTER_SSL_VERIFY_SERVER_CERT = 0
          """;
}
