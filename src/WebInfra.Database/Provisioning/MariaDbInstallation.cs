using System.Diagnostics.CodeAnalysis;

namespace WebInfra.Database.Provisioning;

/// <summary>
/// Where the MariaDB server and its data directory installer live on this machine. WebInfra uses the
/// distribution's packages rather than shipping MariaDB, so the CLI asks <see cref="IsInstalled"/>
/// before anything else and tells the user exactly which package to install.
/// </summary>
public sealed class MariaDbInstallation
{
    /// <summary>The command that installs what WebInfra needs on Debian and Ubuntu.</summary>
    public const string InstallCommand = "apt-get install -y mariadb-server";

    // Newer names first: Debian 12 still ships the mysql* names as links, later releases may not.
    private static readonly string[] s_serverNames = ["mariadbd", "mysqld"];
    private static readonly string[] s_installDbNames = ["mariadb-install-db", "mysql_install_db"];
    private static readonly string[] s_backupNames = ["mariadb-backup", "mariabackup"];
    private static readonly string[] s_streamNames = ["mbstream"];

    // The server lives in sbin, which is often not on a non-root PATH.
    private static readonly string[] s_wellKnownDirectories = ["/usr/sbin", "/usr/local/sbin"];

    internal MariaDbInstallation(string serverPath, string installDbPath)
    {
        ServerPath = serverPath;
        InstallDbPath = installDbPath;
    }

    /// <summary>The absolute path of <c>mariadbd</c> (or <c>mysqld</c>).</summary>
    public string ServerPath { get; }

    /// <summary>The absolute path of <c>mariadb-install-db</c> (or <c>mysql_install_db</c>).</summary>
    public string InstallDbPath { get; }

    /// <summary>The Debian package of mariadb-backup and mbstream, which clone a new replica from a running node.</summary>
    public const string BackupPackage = "mariadb-backup";

    /// <summary>Tells whether mariadb-backup and mbstream are present, without throwing.</summary>
    public static bool IsBackupInstalled() => FindBackup(DefaultSearchDirectories()) is not null;

    /// <summary>Finds mariadb-backup and mbstream.</summary>
    /// <returns>Their absolute paths.</returns>
    /// <exception cref="MariaDbNotInstalledException">One is missing; the message says what to install.</exception>
    public static (string Backup, string Stream) FindBackup()
    {
        var directories = DefaultSearchDirectories();
        return FindBackup(directories)
            ?? throw new MariaDbNotInstalledException([string.Join(" or ", s_backupNames), string.Join(" or ", s_streamNames)], directories, BackupPackage);
    }

    /// <summary>Tells whether both programs are present, without throwing.</summary>
    /// <returns>True when <see cref="Find()"/> would succeed.</returns>
    public static bool IsInstalled() => TryFind(out _);

    /// <summary>Finds the programs, without throwing when they are missing.</summary>
    /// <param name="installation">The installation found, or null.</param>
    /// <returns>True when both programs were found.</returns>
    public static bool TryFind([NotNullWhen(true)] out MariaDbInstallation? installation)
    {
        installation = Find(DefaultSearchDirectories(), out _);
        return installation is not null;
    }

    /// <summary>Finds the programs.</summary>
    /// <returns>The installation.</returns>
    /// <exception cref="MariaDbNotInstalledException">A program is missing; the message says what to install.</exception>
    public static MariaDbInstallation Find() => Find(DefaultSearchDirectories());

    internal static MariaDbInstallation Find(IReadOnlyList<string> searchDirectories) =>
        Find(searchDirectories, out var missing) ?? throw new MariaDbNotInstalledException(missing, searchDirectories);

    internal static IReadOnlyList<string> DefaultSearchDirectories()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return s_wellKnownDirectories
            .Concat(path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Where(Path.IsPathFullyQualified)
            .Distinct(StringComparer.Ordinal)
            .ToArray();
    }

    private static MariaDbInstallation? Find(IReadOnlyList<string> searchDirectories, out IReadOnlyList<string> missing)
    {
        var server = FindProgram(s_serverNames, searchDirectories);
        var installDb = FindProgram(s_installDbNames, searchDirectories);
        var missingNames = new List<string>();
        if (server is null)
        {
            missingNames.Add(string.Join(" or ", s_serverNames));
        }

        if (installDb is null)
        {
            missingNames.Add(string.Join(" or ", s_installDbNames));
        }

        missing = missingNames;
        return server is not null && installDb is not null ? new MariaDbInstallation(server, installDb) : null;
    }

    private static (string Backup, string Stream)? FindBackup(IReadOnlyList<string> searchDirectories) =>
        (FindProgram(s_backupNames, searchDirectories), FindProgram(s_streamNames, searchDirectories)) is ({ } backup, { } stream) ? (backup, stream) : null;

    private static string? FindProgram(string[] names, IReadOnlyList<string> searchDirectories) =>
        names.SelectMany(name => searchDirectories.Select(directory => Path.Combine(directory, name)))
            .FirstOrDefault(IsExecutable);

    private static bool IsExecutable(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        if (OperatingSystem.IsWindows())
        {
            return true;
        }

        const UnixFileMode AnyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        return (File.GetUnixFileMode(path) & AnyExecute) != 0;
    }
}
