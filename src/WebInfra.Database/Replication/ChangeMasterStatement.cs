using System.Globalization;
using WebInfra.Database.Connections;
using WebInfra.Database.Provisioning;

namespace WebInfra.Database.Replication;

/// <summary>
/// The one way a node is pointed at a primary, shared by the first wiring and by failover: GTID-based
/// (<c>slave_pos</c>), and with a connect retry every second and a 1 s heartbeat, so a replica notices a primary that
/// went away (or came back) within seconds rather than <c>slave_net_timeout</c>'s 60.
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
            MASTER_HEARTBEAT_PERIOD = 1
        """);
}
