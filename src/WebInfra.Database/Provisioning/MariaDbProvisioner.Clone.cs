using System.Diagnostics;
using Microsoft.Extensions.Logging;
using WebInfra.Database.Logging;

namespace WebInfra.Database.Provisioning;

public sealed partial class MariaDbProvisioner
{
    /// <summary>
    /// Makes <paramref name="target"/>'s data directory a copy of running <paramref name="source"/>'s, without stopping
    /// or locking the primary: mariadb-backup runs on the source's host (<c>--backup --stream=xbstream</c>, connected
    /// as the administrator through the source's socket), its stream is piped into <c>mbstream -x</c> on the target's
    /// host, and <c>mariadb-backup --prepare</c> there makes the copy consistent. On a replica mariadb-backup takes
    /// only its brief BACKUP STAGE lock, and records (<c>--slave-info</c>) the GTID position it applied up to; on the
    /// primary the position is that of its binary log. The accounts come with the copy. The copy is made in the
    /// staging directory and moved in only once prepared; on any failure it is deleted, and the error has the tools'
    /// last lines. Run <see cref="InstallAsync"/> after it, as before any start.
    /// </summary>
    /// <param name="target">The new node, whose data directory does not exist yet (or is empty).</param>
    /// <param name="source">The running node to copy: a replica in step with the primary, or the primary.</param>
    /// <param name="sourceIsReplica">True when <paramref name="source"/> replicates from the primary.</param>
    /// <param name="secrets">The administrator that mariadb-backup connects as.</param>
    /// <param name="cancellationToken">Stops the tools and abandons the copy.</param>
    /// <returns>What was copied, and the GTID position the copy holds.</returns>
    /// <exception cref="DatabaseNodeException">A tool failed, the copy records no position, or the data directory holds something.</exception>
    /// <exception cref="MariaDbNotInstalledException">mariadb-backup or mbstream is not on the source's or the target's server.</exception>
    public async Task<ReplicaClone> CloneAsync(
        DatabaseNode target,
        DatabaseNode source,
        bool sourceIsReplica,
        DatabaseSecrets secrets,
        CancellationToken cancellationToken)
    {
        DatabaseNodeValidator.ThrowIfInvalid(target, nameof(target));
        DatabaseNodeValidator.ThrowIfInvalid(source, nameof(source));
        ArgumentNullException.ThrowIfNull(secrets);
        var (backup, _) = _host.Installation(source).BackupPrograms();
        var (targetBackup, stream) = _host.Installation(target).BackupPrograms();
        var sourceDirectory = _host.Placed(source).DataDirectory;
        var sourceTemporary = DataDirectoryLayout.TemporaryDirectory(sourceDirectory);
        var targetTemporary = DataDirectoryLayout.TemporaryDirectory(_host.Placed(target).DataDirectory);

        // The password goes in an owner-only option file, never on a command line that every user of the host can read.
        var options = $"{sourceTemporary}/webinfra-backup.cnf";
        var streamDirectory = $"{sourceTemporary}/webinfra-backup";
        Log.Cloning(_logger, target.Name, source.Name);
        var started = Stopwatch.GetTimestamp();
        ReplicaClone? clone = null;
        try
        {
            await ShellCheckedAsync(source, "writing mariadb-backup's option file", """
                set -e
                umask 077
                mkdir -p "$(dirname "$1")"
                rm -f "$1"
                cat > "$1"
                """, [options], cancellationToken, input: $"[mariadb-backup]\nuser={secrets.AdminUser}\npassword={secrets.AdminPassword}\n");
            await FillDataDirectoryAsync(target, async staging =>
            {
                List<string> backupCommand =
                [
                    backup,
                    $"--defaults-file={options}",
                    "--backup",
                    "--stream=xbstream",
                    $"--socket={DataDirectoryLayout.Socket(sourceDirectory)}",
                    $"--datadir={sourceDirectory}",
                    $"--tmpdir={sourceTemporary}",
                    $"--target-dir={streamDirectory}",
                ];
                if (sourceIsReplica)
                {
                    backupCommand.Add("--slave-info");
                }

                var copied = await ToolProcess.PipeAsync(_host.CommandLine(source, backupCommand), _host.CommandLine(target, [stream, "-x", "-C", staging]), cancellationToken);
                if (copied.ProducerExitCode != 0 || copied.ConsumerExitCode != 0)
                {
                    throw new DatabaseNodeException(target,
                        $"Database node {target.Name}: cloning from {source.Name} failed: mariadb-backup on {source.Name}'s host exited with code "
                        + $"{copied.ProducerExitCode}, mbstream on {target.Name}'s with {copied.ConsumerExitCode}; no data directory was made.\n"
                        + $"Last lines of mariadb-backup --backup:\n{ToolProcess.LastLines(copied.ProducerOutput)}"
                        + (copied.ConsumerOutput.Length > 0 ? $"\nLast lines of mbstream:\n{ToolProcess.LastLines(copied.ConsumerOutput)}" : string.Empty));
                }

                var (exitCode, output) = await ToolProcess.RunAsync(
                    _host.CommandLine(target, [targetBackup, "--no-defaults", "--prepare", $"--target-dir={staging}", $"--tmpdir={targetTemporary}"]), cancellationToken);
                if (exitCode != 0)
                {
                    throw new DatabaseNodeException(target,
                        $"Database node {target.Name}: the copy of {source.Name} could not be prepared: mariadb-backup --prepare exited with code {exitCode}; "
                        + $"no data directory was made.\nLast lines:\n{ToolProcess.LastLines(output)}");
                }

                var position = BackupPosition.Read(await ReadPositionFilesAsync(target, staging, cancellationToken), sourceIsReplica)
                    ?? throw new DatabaseNodeException(target,
                        $"Database node {target.Name}: the copy of {source.Name} records no GTID position; no data directory was made.");
                clone = new ReplicaClone(source.Name, position, copied.Bytes, Stopwatch.GetElapsedTime(started));
            }, cancellationToken);
        }
        finally
        {
            await ShellAsync(source, "rm -rf \"$1\" \"$2\"", [options, streamDirectory], CancellationToken.None);
        }

        Log.Cloned(_logger, target.Name, clone!.Source, clone.GtidPosition, clone.Bytes, clone.Elapsed);
        return clone;
    }

    /// <summary>The files of <see cref="BackupPosition.FileNames"/> the copy in <paramref name="directory"/> (on <paramref name="node"/>'s host) has, by name.</summary>
    private async Task<IReadOnlyDictionary<string, string>> ReadPositionFilesAsync(DatabaseNode node, string directory, CancellationToken cancellationToken)
    {
        // Each file found as its name on one line and its content in base64 on the next, so no content can pass for a name.
        var output = await ShellCheckedAsync(node, "reading the copy's position", """
            d=$1
            shift
            for f in "$@"; do
                if [ -f "$d/$f" ]; then printf '%s\n' "$f"; base64 -w0 < "$d/$f"; printf '\n'; fi
            done
            """, [directory, .. BackupPosition.FileNames], cancellationToken);
        var lines = output.Split('\n');
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < lines.Length; i++)
        {
            if (BackupPosition.FileNames.Contains(lines[i], StringComparer.Ordinal))
            {
                files[lines[i]] = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(lines[++i]));
            }
        }

        return files;
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.Cloning, LogLevel.Information, "Database node {Node} has no data directory; cloning it from running {Source} with mariadb-backup")]
        public static partial void Cloning(ILogger logger, string node, string source);

        [LoggerMessage(EventIds.Cloned, LogLevel.Information, "Database node {Node} cloned from {Source} at GTID {Position} ({Bytes} bytes in {Elapsed})")]
        public static partial void Cloned(ILogger logger, string node, string source, string position, long bytes, TimeSpan elapsed);
    }
}
