using System.Text.RegularExpressions;

namespace WebInfra.Database.Provisioning;

/// <summary>
/// The GTID position a prepared mariadb-backup holds, read from the files mariadb-backup writes beside the data: on a
/// replica taken with <c>--slave-info</c>, the <c>gtid_slave_pos</c> it applied up to (<c>xtrabackup_slave_info</c>,
/// <c>mariadb_backup_slave_info</c> in later releases); on a primary, the GTID of its binary log at the copy's
/// consistent point (third column of <c>xtrabackup_binlog_info</c>, <c>mariadb_backup_binlog_info</c>).
/// </summary>
internal static partial class BackupPosition
{
    private static readonly string[] s_slaveInfoFiles = ["mariadb_backup_slave_info", "xtrabackup_slave_info"];
    private static readonly string[] s_binlogInfoFiles = ["mariadb_backup_binlog_info", "xtrabackup_binlog_info"];

    /// <summary>The names of the files that may hold the position, in the backup's folder.</summary>
    public static IReadOnlyList<string> FileNames { get; } = [.. s_slaveInfoFiles, .. s_binlogInfoFiles];

    /// <summary>The position a backup records in <paramref name="files"/> (those of <see cref="FileNames"/> it has, by name); null when it records none.</summary>
    public static string? Read(IReadOnlyDictionary<string, string> files, bool fromReplica)
    {
        if (fromReplica && Existing(files, s_slaveInfoFiles) is { } slaveInfo && SlavePos().Match(slaveInfo) is { Success: true } match)
        {
            return match.Groups["position"].Value;
        }

        return Existing(files, s_binlogInfoFiles) is { } binlogInfo && binlogInfo.Split('\t', StringSplitOptions.TrimEntries) is [_, _, var gtid, ..]
            ? gtid
            : null;
    }

    private static string? Existing(IReadOnlyDictionary<string, string> files, string[] names) =>
        names.Select(files.GetValueOrDefault).FirstOrDefault(t => t is not null);

    [GeneratedRegex(@"gtid_slave_pos\s*=\s*'(?<position>[0-9,\- ]*)'", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SlavePos();
}
