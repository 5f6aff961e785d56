using System.Text;
using WebInfra.Database.Connections;

namespace WebInfra.Database.Provisioning;

/// <summary>
/// The SQL mariadbd runs at every start (<c>--init-file</c>). It makes the three accounts match the
/// secrets file and <see cref="DatabaseAccountHosts"/> on every node, every time, so a changed password, a lost grant
/// or a host the firewall no longer allows heals on restart.
/// Binary logging is switched off first: account changes stay local to the node and never become
/// GTIDs that a replica would have to receive or that would make replicas diverge from the primary.
/// One statement per line and no comments, the format every mariadbd version reads.
/// </summary>
internal static class MariaDbInitFile
{
    public const string DisableBinaryLog = "SET sql_log_bin=0;";

    /// <summary>Row access only: the application cannot create, alter or drop tables.</summary>
    public const string AppPrivileges = "SELECT, INSERT, UPDATE, DELETE";

    /// <summary>
    /// What the application needs beyond its rows: SHOW SLAVE STATUS, to send no reads to a replica that lags or
    /// does not replicate. It reads replication state only, and cannot change it.
    /// </summary>
    public const string AppMonitorPrivileges = "SLAVE MONITOR";

    /// <summary>
    /// What a replica and a monitor need. In MariaDB 10.5+ REPLICATION CLIENT is the old name of
    /// BINLOG MONITOR (SHOW MASTER STATUS, SHOW BINARY LOGS), and SHOW SLAVE STATUS needs SLAVE MONITOR.
    /// </summary>
    public const string ReplicationPrivileges = "REPLICATION SLAVE, BINLOG MONITOR, SLAVE MONITOR";

    /// <summary>The grant tables that hold WebInfra's accounts: the accounts themselves, and database- and table-level grants.</summary>
    private static readonly string[] s_grantTables = ["mysql.global_priv", "mysql.db", "mysql.tables_priv"];

    public static string Build(DatabaseSecrets secrets, string databaseName, DatabaseAccountHosts? hosts = null, string? clonedAt = null)
    {
        SqlText.ThrowIfNotSimpleName(databaseName, nameof(databaseName));
        hosts ??= DatabaseAccountHosts.Anywhere;
        var builder = new StringBuilder();
        builder.Append(DisableBinaryLog).Append('\n');

        // An account at a host no longer allowed (the firewall was turned on, a server moved) is removed, so the
        // accounts converge on exactly these hosts, whatever existed before.
        foreach (var (user, allowed) in new[] { (secrets.AdminUser, hosts.Admin), (secrets.AppUser, hosts.App), (secrets.ReplicationUser, hosts.Replication) })
        {
            SqlText.ThrowIfNotSimpleName(user, nameof(secrets));
            var kept = string.Join(", ", allowed.Select(SqlText.Literal));
            foreach (var table in s_grantTables)
            {
                builder.Append($"DELETE FROM {table} WHERE User = {SqlText.Literal(user)} AND Host NOT IN ({kept});\n");
            }
        }

        builder.Append("FLUSH PRIVILEGES;\n");

        AppendAccount(builder, secrets.AdminUser, secrets.AdminPassword, hosts.Admin, revokeFirst: false, withGrantOption: true,
            "ALL PRIVILEGES ON *.*");

        // Revoke first so the grants converge on exactly this list, whatever was granted before.
        AppendAccount(builder, secrets.AppUser, secrets.AppPassword, hosts.App, revokeFirst: true, withGrantOption: false,
            $"{AppPrivileges} ON {SqlText.Identifier(databaseName)}.*", $"{AppMonitorPrivileges} ON *.*");
        AppendAccount(builder, secrets.ReplicationUser, secrets.ReplicationPassword, hosts.Replication, revokeFirst: true, withGrantOption: false,
            $"{ReplicationPrivileges} ON *.*");

        // A node just cloned starts at the copy's position, so whoever points it at the primary first (the supervisor, or
        // a monitor that sees it up and not replicating) starts from there.
        if (clonedAt is not null)
        {
            builder.Append($"SET GLOBAL gtid_slave_pos = {SqlText.Literal(clonedAt)};\n");
        }

        return builder.ToString();
    }

    /// <summary>
    /// The statements that change the application account's hosts on a running node from <paramref name="before"/> to
    /// <paramref name="after"/> and touch nothing else: the account is made at each new host and dropped at each host no
    /// longer allowed, so the application servers that stay never lose a grant for a moment (as a revoke and grant again
    /// would make them). Local to the node, as the init file.
    /// </summary>
    public static string BuildAppHostsChange(DatabaseSecrets secrets, string databaseName, DatabaseAccountHosts before, DatabaseAccountHosts after)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        SqlText.ThrowIfNotSimpleName(databaseName, nameof(databaseName));
        var builder = new StringBuilder();
        builder.Append(DisableBinaryLog).Append('\n');
        AppendAccount(builder, secrets.AppUser, secrets.AppPassword, [.. after.App.Except(before.App)], revokeFirst: false, withGrantOption: false,
            $"{AppPrivileges} ON {SqlText.Identifier(databaseName)}.*", $"{AppMonitorPrivileges} ON *.*");
        foreach (var host in before.App.Except(after.App))
        {
            builder.Append($"DROP USER IF EXISTS {SqlText.Account(secrets.AppUser, host)};\n");
        }

        return builder.ToString();
    }

    private static void AppendAccount(StringBuilder builder, string user, string password, IReadOnlyList<string> hosts, bool revokeFirst, bool withGrantOption, params string[] grants)
    {
        SqlText.ThrowIfNotSimpleName(user, nameof(user));
        var identifiedBy = $"IDENTIFIED BY {SqlText.Literal(password)}";
        foreach (var account in hosts.Select(host => SqlText.Account(user, host)))
        {
            builder.Append($"CREATE USER IF NOT EXISTS {account} {identifiedBy};\n");
            builder.Append($"ALTER USER {account} {identifiedBy};\n");
            if (revokeFirst)
            {
                builder.Append($"REVOKE ALL PRIVILEGES, GRANT OPTION FROM {account};\n");
            }

            foreach (var grant in grants)
            {
                builder.Append($"GRANT {grant} TO {account}{(withGrantOption ? " WITH GRANT OPTION" : string.Empty)};\n");
            }
        }
    }
}
