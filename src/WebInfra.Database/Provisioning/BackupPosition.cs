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

    /// <summary>The position of the backup in <paramref name="directory"/>; null when it records none.</summary>
    public static string? Read(string directory, bool fromReplica)
    {
        if (fromReplica && Existing(directory, s_slaveInfoFiles) is { } slaveInfo && SlavePos().Match(File.ReadAllText(slaveInfo)) is { Success: true } match)
        {
            return match.Groups["position"].Value;
        }

        return Existing(directory, s_binlogInfoFiles) is { } binlogInfo
            && File.ReadAllText(binlogInfo).Split('\t', StringSplitOptions.TrimEntries) is [_, _, var gtid, ..]
            ? gtid
            : null;
    }

    private static string? Existing(string directory, string[] names) =>
        names.Select(n => Path.Combine(directory, n)).FirstOrDefault(File.Exists);

    [GeneratedRegex(@"gtid_slave_pos\s*=\s*'(?<position>[0-9,\- ]*)'", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SlavePos();
}
