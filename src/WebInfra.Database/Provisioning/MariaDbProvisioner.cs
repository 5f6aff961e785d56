using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using MySqlConnector;
using WebInfra.Database.Connections;
using WebInfra.Database.Failover;
using WebInfra.Database.Logging;
using WebInfra.Topology.Model;

namespace WebInfra.Database.Provisioning;

/// <summary>
/// Prepares a node's data directory and says how to start mariadbd on it. Installing is idempotent
/// (an initialised data directory is kept, the init file is rewritten), so the CLI can run it before
/// every start. Starting the process is the supervisor's job.
/// </summary>
public sealed partial class MariaDbProvisioner
{
    private readonly ILogger _logger;
    private readonly INodeHost _host;

    /// <summary>
    /// Creates a provisioner for the nodes of <paramref name="host"/>, which finds MariaDB's programs there when it first
    /// needs them, so constructing it never fails on a machine without MariaDB.
    /// </summary>
    /// <param name="loggerFactory">Creates the provisioner's logger.</param>
    /// <param name="host">Where the nodes' files are and their tools run; this machine, as this process, when null.</param>
    public MariaDbProvisioner(ILoggerFactory loggerFactory, INodeHost? host = null)
        : this(CreateLogger(loggerFactory), host ?? LocalNodeHost.Current)
    {
    }

    /// <summary>Creates a provisioner for the MariaDB programs of <paramref name="installation"/>, for nodes of this machine.</summary>
    /// <param name="installation">Where mariadbd and mariadb-install-db are.</param>
    /// <param name="loggerFactory">Creates the provisioner's logger.</param>
    public MariaDbProvisioner(MariaDbInstallation installation, ILoggerFactory loggerFactory)
        : this(CreateLogger(loggerFactory), new LocalNodeHost(Environment.IsPrivilegedProcess, installation ?? throw new ArgumentNullException(nameof(installation))))
    {
    }

    internal MariaDbProvisioner(ILogger logger, INodeHost host)
    {
        _logger = logger;
        _host = host;
    }

    /// <summary>
    /// Creates the node's data directory with mariadb-install-db unless it is already initialised, then
    /// (re)writes the init file (mode 0600) that creates the accounts of <paramref name="secrets"/>
    /// whenever mariadbd starts, and makes sure the node's temporary directory exists, all on the node's host as its
    /// account. Run it before every start of the command line from <see cref="BuildCommandLine"/>.
    /// </summary>
    /// <param name="node">The node to install.</param>
    /// <param name="secrets">The accounts and passwords the init file sets.</param>
    /// <param name="databaseName">The site database, the only one the application account may use.</param>
    /// <param name="hosts">Where each account may connect from.</param>
    /// <param name="cancellationToken">Stops mariadb-install-db and abandons the installation.</param>
    /// <returns>True when the data directory was created now (a fresh node), false when it was already there.</returns>
    /// <exception cref="DatabaseNodeException">mariadb-install-db failed, the host could not be reached, or the data directory holds something else.</exception>
    /// <exception cref="MariaDbNotInstalledException">MariaDB's programs are not on the node's server.</exception>
    /// <param name="clonedAt">For a node just cloned, the copy's GTID position: it starts with it as its <c>gtid_slave_pos</c>.</param>
    public async Task<bool> InstallAsync(DatabaseNode node, DatabaseSecrets secrets, string databaseName, DatabaseAccountHosts hosts, CancellationToken cancellationToken, string? clonedAt = null)
    {
        DatabaseNodeValidator.ThrowIfInvalid(node, nameof(node));
        ArgumentNullException.ThrowIfNull(secrets);
        var initFile = MariaDbInitFile.Build(secrets, databaseName, hosts, clonedAt);
        var fresh = !await HasDataDirectoryAsync(node, cancellationToken);
        if (fresh)
        {
            await InitializeDataDirectoryAsync(node, cancellationToken);
        }

        await WriteInitFileAsync(node, initFile, cancellationToken);
        return fresh;
    }

    /// <summary>
    /// Changes the hosts the application account of a running node is granted to from <paramref name="before"/> to
    /// <paramref name="after"/> (a reload added or removed an application server under the firewall): the statements of
    /// <see cref="MariaDbInitFile.BuildAppHostsChange"/> run on the node as the administrator, and the init file is written
    /// again with <paramref name="after"/> for the node's next start.
    /// </summary>
    /// <exception cref="MySqlException">The node does not answer (it takes them at its next start) or refused a statement.</exception>
    public async Task ChangeAppHostsAsync(DatabaseNode node, DatabaseSecrets secrets, string databaseName, DatabaseAccountHosts before, DatabaseAccountHosts after, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(secrets);
        await WriteInitFileAsync(node, MariaDbInitFile.Build(secrets, databaseName, after), cancellationToken);
        await using var connection = new MySqlConnection(DatabaseConnectionStrings.ForAdmin(node, secrets, null).ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new MySqlCommand(MariaDbInitFile.BuildAppHostsChange(secrets, databaseName, before, after), connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Replaces the init file in one rename, created for the owner alone (it holds the passwords), and makes sure the
    /// node's temporary directory exists, for the owner alone too.
    /// </summary>
    private async Task WriteInitFileAsync(DatabaseNode node, string initFile, CancellationToken cancellationToken)
    {
        var placed = _host.Placed(node);
        var path = DataDirectoryLayout.InitFile(placed.DataDirectory);
        await ShellCheckedAsync(node, "writing the init file", """
            set -e
            umask 077
            mkdir -p "$2"
            rm -f "$1.new"
            cat > "$1.new"
            mv -f "$1.new" "$1"
            """, [path, DataDirectoryLayout.TemporaryDirectory(placed.DataDirectory)], cancellationToken, input: initFile);
        Log.InitFileWritten(_logger, node.Name, path);
    }

    /// <summary>True when <paramref name="node"/> has a complete data directory (one that was installed or cloned) on its host.</summary>
    /// <exception cref="DatabaseNodeException">Its host could not be asked.</exception>
    public async Task<bool> HasDataDirectoryAsync(DatabaseNode node, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);
        var (exitCode, output) = await ShellAsync(node, DataDirectoryLayout.IsInitializedScript, [_host.Placed(node).DataDirectory], cancellationToken);
        return exitCode switch
        {
            0 => true,
            1 => false,
            _ => throw new DatabaseNodeException(node, $"Database node {node.Name}: its host could not be asked whether it has a data directory (exit code {exitCode}).\n{ToolProcess.LastLines(output)}"),
        };
    }

    /// <summary>
    /// Builds the mariadbd command line for <paramref name="node"/>: everything on the command line
    /// (<c>--no-defaults</c>, so no system option file can change it), durable (every commit synced to
    /// the binary log and InnoDB log), GTID replication ready in both roles, small in memory, and with TLS required when
    /// the node has certificates (<c>database.tls</c>).
    /// Every node starts read-only, the primary too: only the supervisor at the first bootstrap and the
    /// monitor at a failover or switchover make a node writable, so a crashed primary that restarts can
    /// never take writes on its own.
    /// </summary>
    /// <param name="node">The node to start.</param>
    /// <param name="replication">Semi-synchronous (the default) or asynchronous replication.</param>
    /// <returns>The program and its arguments.</returns>
    /// <exception cref="MariaDbNotInstalledException">MariaDB's programs are not on the node's server.</exception>
    /// <param name="fencing">With a lease, semi-sync waits far longer for an acknowledgement (see <see cref="SemiSyncTimeout"/>).</param>
    /// <param name="lease">The primary's lease, with <paramref name="fencing"/>.</param>
    /// <param name="recoverAsPrimary">Recover from a crash as the primary it stays (<see cref="RecoversAsPrimary"/>), not as a replica.</param>
    public MariaDbCommandLine BuildCommandLine(
        DatabaseNode node, ReplicationMode replication = ReplicationMode.SemiSync, FencingMode fencing = FencingMode.Off, TimeSpan lease = default, bool recoverAsPrimary = false)
    {
        DatabaseNodeValidator.ThrowIfInvalid(node, nameof(node));
        var placed = _host.Placed(node);
        var dataDirectory = placed.DataDirectory;
        var arguments = new List<string>
        {
            "--no-defaults",
            $"--datadir={dataDirectory}",
            $"--bind-address={node.Host}",
            string.Create(CultureInfo.InvariantCulture, $"--port={node.Port}"),
            $"--socket={DataDirectoryLayout.Socket(dataDirectory)}",
            $"--pid-file={DataDirectoryLayout.PidFile(dataDirectory)}",
            $"--init-file={DataDirectoryLayout.InitFile(dataDirectory)}",
            $"--tmpdir={DataDirectoryLayout.TemporaryDirectory(dataDirectory)}",
            "--skip-name-resolve",

            // Replication: every node logs (replicas too, so any of them can be promoted) and GTIDs
            // stay strictly ordered so a diverged node stops instead of silently skipping events.
            string.Create(CultureInfo.InvariantCulture, $"--server-id={node.ServerId}"),
            $"--log-bin={DataDirectoryLayout.BinaryLogBaseName}",
            $"--relay-log={DataDirectoryLayout.RelayLogBaseName}",
            "--log-slave-updates",
            "--binlog-format=ROW",
            "--gtid-strict-mode=1",
            "--relay-log-recovery=1",

            // Durability: an acknowledged commit is on disk in both the binary log and InnoDB.
            "--sync-binlog=1",
            "--innodb-flush-log-at-trx-commit=1",

            // Footprint: several nodes share one machine in development.
            "--innodb-buffer-pool-size=32M",
            "--performance-schema=OFF",

            // The primary's lease is enforced by an event on the node itself (webinfra.fence), which needs the scheduler.
            "--event-scheduler=ON",

            "--character-set-server=utf8mb4",
            "--collation-server=utf8mb4_unicode_ci",
        };

        arguments.Add("--read-only");

        // A node recovers from a crash as a node that will rejoin as a replica (MariaDB 10.6.19/10.11.9+, MDEV-33465): a
        // transaction in its binary log whose commit InnoDB had not logged is rolled back and cut from the binary log,
        // instead of surviving as a transaction a new primary does not have, which would keep the node out of the
        // cluster. With AFTER_SYNC a replica has every such transaction a client saw committed, so the monitor promotes
        // that replica rather than the node (PromotionCandidates.Ahead). A node no replica may replace keeps them.
        arguments.Add(recoverAsPrimary ? "--init-rpl-role=MASTER" : "--init-rpl-role=SLAVE");
        arguments.AddRange(SemiSyncArguments(replication, SemiSyncTimeout(fencing, lease)));
        arguments.AddRange(TlsArguments(placed));

        // mariadbd refuses to run as root unless told to; as any other user it runs as that user.
        if (_host.RunsAsRoot(node))
        {
            arguments.Add("--user=root");
        }

        return new MariaDbCommandLine(_host.Installation(node).ServerPath, arguments);
    }

    /// <summary>
    /// Whether <paramref name="node"/>, starting now, recovers from a crash as the primary it stays, keeping every
    /// transaction of its binary log: when nothing can replace it. Without a monitor the topology's primary is made
    /// writable again whatever it holds. With one, the primary the cluster agreed on while it runs degraded
    /// (asynchronous): it alone may hold writes its clients saw committed, and no replica is promoted while it is down.
    /// Any other node recovers as a replica: its cut transactions, if a client saw one committed, are on a replica.
    /// </summary>
    /// <param name="node">The node being started.</param>
    /// <param name="monitored">The site has a database monitor, which decides who is primary.</param>
    /// <param name="agreed">The primary the cluster agreed on last (the run state's record), or null.</param>
    public static bool RecoversAsPrimary(DatabaseNode node, bool monitored, PrimaryEpoch? agreed)
    {
        ArgumentNullException.ThrowIfNull(node);
        return monitored ? agreed is { Degraded: true } && agreed.Node == node.Name : node.Role == DatabaseRole.Primary;
    }

    /// <summary>
    /// Lossless semi-sync on every node, in both roles, since any node may be promoted: a commit is acknowledged to the
    /// client only after a replica has the transaction in its relay log (AFTER_SYNC: the primary waits after syncing its
    /// binary log and before committing in InnoDB, so no other client sees a write that could still be lost). MariaDB
    /// 10.3+ has semi-sync built in; no plugin is loaded. When no replica acknowledges within the timeout, the primary
    /// falls back to asynchronous replication (<c>Rpl_semi_sync_master_status</c> turns OFF, which the monitor reports)
    /// and returns to semi-sync by itself once a replica has caught up.
    /// </summary>
    internal static IEnumerable<string> SemiSyncArguments(ReplicationMode replication, TimeSpan timeout) => replication == ReplicationMode.Async
        ? ["--rpl-semi-sync-master-enabled=OFF", "--rpl-semi-sync-slave-enabled=OFF"]
        :
        [
            // The master side is switched on when a node becomes the primary (MakeWritable, a promotion) and off when it
            // becomes a replica: on a replica it would make the replication applier wait for an acknowledgement of what
            // it applies (nothing replicates from a replica), for the whole timeout.
            "--rpl-semi-sync-master-enabled=OFF",
            "--rpl-semi-sync-slave-enabled=ON",

            // A replica's IO thread that stops connects to its primary to end its dump thread, and waits up to this long
            // (MariaDB's default is 5 s) when the primary cannot be reached: a failover stops every candidate's IO thread.
            "--rpl-semi-sync-slave-kill-conn-timeout=1",
            "--rpl-semi-sync-master-wait-point=AFTER_SYNC",
            string.Create(CultureInfo.InvariantCulture, $"--rpl-semi-sync-master-timeout={(long)timeout.TotalMilliseconds}"),
        ];

    /// <summary>
    /// How long a commit waits for a replica's acknowledgement before the primary falls back to asynchronous replication
    /// by itself. Without fencing, 1 s, not MariaDB's 10 s: a commit waits this long only when no replica can acknowledge
    /// (the last replica died, or none has reconnected yet after a failover), and 1 s keeps that stall within the 3 s in
    /// which writes must resume after a failover. With a lease, 10 s (or twice the lease and the fence's second, when
    /// longer): a primary cut off from its replicas must never acknowledge alone before its lease has fenced it, since a
    /// replica may be promoted meanwhile; the leading monitor, which knows no promotion is under way, degrades it
    /// explicitly after <c>fall</c> checks instead.
    /// </summary>
    public static TimeSpan SemiSyncTimeout(FencingMode fencing, TimeSpan lease) => fencing == FencingMode.Lease
        ? TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(10).Ticks, 2 * (lease + TimeSpan.FromSeconds(1)).Ticks))
        : TimeSpan.FromSeconds(1);

    /// <summary>
    /// With <c>database.tls</c>: TLS 1.2/1.3 with the server's internal certificate, and no connection over TCP without
    /// it (<c>require_secure_transport</c>; the local socket, which never leaves the host, still works). The certificate
    /// is ECDSA P-256, which Debian's mariadbd, built with OpenSSL 3, serves.
    /// </summary>
    internal static IEnumerable<string> TlsArguments(DatabaseNode node) => node.Tls is not { } tls
        ? []
        :
        [
            $"--ssl-ca={tls.AuthorityPath}",
            $"--ssl-cert={tls.CertificatePath}",
            $"--ssl-key={tls.KeyPath}",
            "--tls-version=TLSv1.2,TLSv1.3",
            "--require-secure-transport=ON",
        ];

    private static ILogger CreateLogger(ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        return loggerFactory.CreateLogger<MariaDbProvisioner>();
    }

    private async Task InitializeDataDirectoryAsync(DatabaseNode node, CancellationToken cancellationToken)
    {
        var dataDirectory = _host.Placed(node).DataDirectory;
        var arguments = new List<string>
        {
            "--no-defaults",
            $"--datadir={DataDirectoryLayout.StagingDirectory(dataDirectory)}",
            "--skip-test-db",
            "--skip-name-resolve",
            "--auth-root-authentication-method=socket",
        };
        if (_host.RunsAsRoot(node))
        {
            arguments.Add("--user=root");
        }

        var installDb = _host.Installation(node).InstallDbPath;
        Log.DataDirectoryInitializing(_logger, node.Name, dataDirectory);
        var started = Stopwatch.GetTimestamp();
        await FillDataDirectoryAsync(node, async _ =>
        {
            // TMPDIR rather than --tmpdir: mariadb-install-db passes unknown options on unquoted.
            var (exitCode, output) = await ToolProcess.RunAsync(
                _host.CommandLine(node, ["env", $"TMPDIR={DataDirectoryLayout.TemporaryDirectory(dataDirectory)}", installDb, .. arguments]),
                cancellationToken);
            if (exitCode != 0)
            {
                throw new DatabaseNodeException(node,
                    $"Database node {node.Name}: mariadb-install-db failed with exit code {exitCode}.\n"
                    + $"Command: {CommandText.Format(installDb, arguments)}\nOutput:\n{output}");
            }
        }, cancellationToken);
        Log.DataDirectoryInitialized(_logger, node.Name, dataDirectory, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>
    /// Makes the node's data directory with <paramref name="fill"/>, which works in the staging directory next to it
    /// (<see cref="DataDirectoryLayout.StagingDirectory"/>, made empty, its path on the node's host given to
    /// <paramref name="fill"/>): the result is moved in only when <paramref name="fill"/> completed, so an interrupted or
    /// failed run never leaves a half-made data directory that looks initialised, and the staging directory is deleted
    /// either way. The node's temporary directory is made first, for the owner alone.
    /// </summary>
    private async Task FillDataDirectoryAsync(DatabaseNode node, Func<string, Task> fill, CancellationToken cancellationToken)
    {
        var dataDirectory = _host.Placed(node).DataDirectory;
        var staging = DataDirectoryLayout.StagingDirectory(dataDirectory);
        var (exitCode, output) = await ShellAsync(node, """
            set -e
            if [ -d "$1" ] && [ -n "$(ls -A "$1")" ]; then exit 3; fi
            rm -rf "$2"
            (umask 077 && mkdir -p "$3")
            mkdir -p "$2"
            """, [dataDirectory, staging, DataDirectoryLayout.TemporaryDirectory(dataDirectory)], cancellationToken);
        if (exitCode == 3)
        {
            throw new DatabaseNodeException(node,
                $"Database node {node.Name}: data directory {dataDirectory} is not empty but holds no MariaDB system database; "
                + "refusing to install over it. Move its contents away or remove it.");
        }

        if (exitCode != 0)
        {
            throw new DatabaseNodeException(node, $"Database node {node.Name}: {staging} could not be made (exit code {exitCode}).\n{ToolProcess.LastLines(output)}");
        }

        try
        {
            await fill(staging);
            await ShellCheckedAsync(node, $"moving {staging} to {dataDirectory}", """
                set -e
                if [ -d "$1" ]; then rmdir "$1"; fi
                mv -T "$2" "$1"
                """, [dataDirectory, staging], cancellationToken);
        }
        finally
        {
            await ShellAsync(node, "rm -rf \"$1\"", [staging], CancellationToken.None);
        }
    }

    /// <summary>Runs <paramref name="script"/> with <c>sh</c> on <paramref name="node"/>'s host as its account, <paramref name="arguments"/> as <c>$1</c>, <c>$2</c> and so on.</summary>
    private Task<(int ExitCode, string Output)> ShellAsync(
        DatabaseNode node, string script, IReadOnlyList<string> arguments, CancellationToken cancellationToken, string? input = null) =>
        ToolProcess.RunAsync(_host.CommandLine(node, ["sh", "-c", script, "sh", .. arguments]), cancellationToken, input);

    /// <summary>Runs <paramref name="script"/> as <see cref="ShellAsync"/> does; its output, or an error that says what failed (<paramref name="what"/>) and how.</summary>
    private async Task<string> ShellCheckedAsync(
        DatabaseNode node, string what, string script, IReadOnlyList<string> arguments, CancellationToken cancellationToken, string? input = null)
    {
        var (exitCode, output) = await ShellAsync(node, script, arguments, cancellationToken, input);
        return exitCode == 0
            ? output
            : throw new DatabaseNodeException(node, $"Database node {node.Name}: {what} failed with exit code {exitCode}.\n{ToolProcess.LastLines(output)}");
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.DataDirectoryInitializing, LogLevel.Information, "Database node {Node} has no data directory; running mariadb-install-db for {DataDirectory}")]
        public static partial void DataDirectoryInitializing(ILogger logger, string node, string dataDirectory);

        [LoggerMessage(EventIds.DataDirectoryInitialized, LogLevel.Information, "Database node {Node} data directory {DataDirectory} initialised in {Elapsed}")]
        public static partial void DataDirectoryInitialized(ILogger logger, string node, string dataDirectory, TimeSpan elapsed);

        [LoggerMessage(EventIds.InitFileWritten, LogLevel.Debug, "Database node {Node} init file written to {InitFile}")]
        public static partial void InitFileWritten(ILogger logger, string node, string initFile);
    }
}
