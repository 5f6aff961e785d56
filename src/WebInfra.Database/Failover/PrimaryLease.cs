using System.Globalization;
using WebInfra.Database.Connections;

namespace WebInfra.Database.Failover;

/// <summary>
/// The primary's lease and its fence, installed on every node in the schema <c>webinfra</c> and never replicated (every
/// statement runs with <c>sql_log_bin = 0</c>).
/// <list type="bullet">
/// <item><c>webinfra.fence_now()</c> ends every client session but the administrator's (a killed session's socket is shut
/// before it is woken, so its client gets no answer), those waiting for a semi-sync acknowledgement last: a group commit's
/// other members are told of their commit when the leader waiting for the acknowledgement stops waiting, so they must be
/// gone first. Then it sets <c>read_only</c>, which would otherwise wait for those commits. A monitor that reaches a node
/// it must fence calls it.</item>
/// <item>With <c>fencing: lease</c>, the leading monitor renews the lease (<c>webinfra.primary_lease</c>; InnoDB, since a
/// MEMORY table writes a TRUNCATE of its own to the binary log after a restart, a transaction no other node has) on the
/// primary at every check, on the node's own clock, and the event
/// <c>webinfra.fence</c> calls <c>fence_now()</c> each second on a writable node whose lease has run out, so a primary the
/// monitors lost stops taking writes by itself. A node that never had a lease is left alone.</item>
/// </list>
/// </summary>
internal static class PrimaryLease
{
    /// <summary>How often the fence event runs (MariaDB's events run at most once a second).</summary>
    public static readonly TimeSpan FencePeriod = TimeSpan.FromSeconds(1);

    /// <summary>Fences the node now.</summary>
    public const string FenceNow = "SET SESSION sql_log_bin = 0; CALL webinfra.fence_now()";

    /// <summary>
    /// Creates the schema, the table and the procedure, idempotently, owned by the administrator on the node's own socket
    /// (an account every node has whatever the firewall allows); and the event with <paramref name="lease"/>, else drops it.
    /// </summary>
    public static string Install(string adminUser, bool lease)
    {
        SqlText.ThrowIfNotSimpleName(adminUser, nameof(adminUser));
        var definer = SqlText.Account(adminUser, "localhost");
        var fenceEvent = lease
            ? $"""
                CREATE OR REPLACE DEFINER = {definer} EVENT webinfra.fence ON SCHEDULE EVERY 1 SECOND ON COMPLETION PRESERVE ENABLE
                  COMMENT 'WebInfra: a writable node whose primary lease ran out stops taking writes'
                DO IF @@global.read_only = 0 AND (SELECT expires FROM webinfra.primary_lease WHERE id = 1) < NOW(6) THEN CALL webinfra.fence_now(); END IF
                """
            : "DROP EVENT IF EXISTS webinfra.fence";
        return $"""
            SET SESSION sql_log_bin = 0;
            CREATE DATABASE IF NOT EXISTS webinfra;
            CREATE TABLE IF NOT EXISTS webinfra.primary_lease (id TINYINT UNSIGNED NOT NULL PRIMARY KEY, expires DATETIME(6) NOT NULL) ENGINE = InnoDB;
            CREATE OR REPLACE DEFINER = {definer} PROCEDURE webinfra.fence_now()
              COMMENT 'WebInfra: end every client session that could be told of a commit, then stop taking writes'
            BEGIN
              DECLARE done BOOLEAN DEFAULT FALSE;
              DECLARE session BIGINT UNSIGNED;
              DECLARE sessions CURSOR FOR
                SELECT ID FROM information_schema.PROCESSLIST
                WHERE ID <> CONNECTION_ID() AND COMMAND NOT IN ('Daemon', 'Binlog Dump', 'Slave_IO', 'Slave_SQL', 'Slave_worker')
                  AND USER NOT IN ('system user', 'event_scheduler', {SqlText.Literal(adminUser)})
                ORDER BY STATE = 'Waiting for semi-sync ACK from slave';
              DECLARE CONTINUE HANDLER FOR NOT FOUND SET done = TRUE;
              OPEN sessions;
              end_sessions: LOOP
                FETCH sessions INTO session;
                IF done THEN LEAVE end_sessions; END IF;
                BEGIN
                  DECLARE CONTINUE HANDLER FOR SQLEXCEPTION BEGIN END;
                  KILL CONNECTION session;
                END;
              END LOOP;
              CLOSE sessions;
              SET GLOBAL read_only = 1;
            END;
            {fenceEvent}
            """;
    }

    /// <summary>Extends the lease to <paramref name="ttl"/> from now on the node's clock.</summary>
    public static string Renew(TimeSpan ttl) => string.Create(CultureInfo.InvariantCulture,
        $"SET SESSION sql_log_bin = 0; REPLACE INTO webinfra.primary_lease (id, expires) VALUES (1, NOW(6) + INTERVAL {(long)ttl.TotalMicroseconds} MICROSECOND)");
}
