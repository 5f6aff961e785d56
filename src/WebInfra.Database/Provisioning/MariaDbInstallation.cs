using System.Diagnostics.CodeAnalysis;

namespace WebInfra.Database.Provisioning;

/// <summary>
/// Where the MariaDB server, its data directory installer and its backup tools live on a node's machine: this one
/// (<see cref="Find()"/>), or a host whose executable files were listed there (<see cref="From"/>). WebInfra uses the
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

    private readonly (string? Backup, string? Stream) _backup;

    internal MariaDbInstallation(string serverPath, string installDbPath, string? backupPath = null, string? streamPath = null)
    {
        ServerPath = serverPath;
        InstallDbPath = installDbPath;
        _backup = (backupPath, streamPath);
    }

    /// <summary>Where Debian's packages put the programs, for a host that cannot be asked (a unit written for it by hand).</summary>
    public static MariaDbInstallation Debian { get; } = new("/usr/sbin/mariadbd", "/usr/bin/mariadb-install-db", "/usr/bin/mariadb-backup", "/usr/bin/mbstream");

    /// <summary>Where MariaDB's programs are looked for on a host: sbin first, since the server lives there.</summary>
    public static IReadOnlyList<string> HostSearchDirectories { get; } = ["/usr/sbin", "/usr/local/sbin", "/usr/bin", "/usr/local/bin", "/sbin", "/bin"];

    /// <summary>Every path at which <see cref="From"/> looks for a program in <paramref name="searchDirectories"/>: the files a host is asked about.</summary>
    public static IReadOnlyList<string> Candidates(IReadOnlyList<string> searchDirectories) =>
        [.. ((string[][])[s_serverNames, s_installDbNames, s_backupNames, s_streamNames]).SelectMany(names => Paths(names, searchDirectories))];

    /// <summary>
    /// The installation of a host on which, of the <see cref="Candidates"/> in <paramref name="searchDirectories"/>, the
    /// files in <paramref name="executables"/> are executable.
    /// </summary>
    /// <exception cref="MariaDbNotInstalledException">The server or its installer is missing; the message says what to install.</exception>
    public static MariaDbInstallation From(IReadOnlyList<string> searchDirectories, IReadOnlySet<string> executables)
    {
        ArgumentNullException.ThrowIfNull(executables);
        return Find(searchDirectories, executables.Contains, out var missing) ?? throw new MariaDbNotInstalledException(missing, searchDirectories);
    }

    /// <summary>The installation's mariadb-backup and mbstream, which clone a new replica from a running node.</summary>
    /// <exception cref="MariaDbNotInstalledException">One is missing; the message says what to install.</exception>
    public (string Backup, string Stream) BackupPrograms() => _backup is ({ } backup, { } stream)
        ? (backup, stream)
        : throw new MariaDbNotInstalledException([string.Join(" or ", s_backupNames), string.Join(" or ", s_streamNames)], [Path.GetDirectoryName(ServerPath)!], BackupPackage);

    /// <summary>The absolute path of <c>mariadbd</c> (or <c>mysqld</c>).</summary>
    public string ServerPath { get; }

    /// <summary>The absolute path of <c>mariadb-install-db</c> (or <c>mysql_install_db</c>).</summary>
    public string InstallDbPath { get; }

    /// <summary>The Debian package of mariadb-backup and mbstream, which clone a new replica from a running node.</summary>
    public const string BackupPackage = "mariadb-backup";

    /// <summary>Tells whether mariadb-backup and mbstream are on this machine, without throwing.</summary>
    public static bool IsBackupInstalled()
    {
        var directories = DefaultSearchDirectories();
        return FindProgram(s_backupNames, directories, IsExecutable) is not null && FindProgram(s_streamNames, directories, IsExecutable) is not null;
    }

    /// <summary>Tells whether both programs are present, without throwing.</summary>
    /// <returns>True when <see cref="Find()"/> would succeed.</returns>
    public static bool IsInstalled() => TryFind(out _);

    /// <summary>Finds the programs, without throwing when they are missing.</summary>
    /// <param name="installation">The installation found, or null.</param>
    /// <returns>True when both programs were found.</returns>
    public static bool TryFind([NotNullWhen(true)] out MariaDbInstallation? installation)
    {
        installation = Find(DefaultSearchDirectories(), IsExecutable, out _);
        return installation is not null;
    }

    /// <summary>Finds the programs.</summary>
    /// <returns>The installation.</returns>
    /// <exception cref="MariaDbNotInstalledException">A program is missing; the message says what to install.</exception>
    public static MariaDbInstallation Find() => Find(DefaultSearchDirectories());

    internal static MariaDbInstallation Find(IReadOnlyList<string> searchDirectories) =>
        Find(searchDirectories, IsExecutable, out var missing) ?? throw new MariaDbNotInstalledException(missing, searchDirectories);

    internal static IReadOnlyList<string> DefaultSearchDirectories()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return s_wellKnownDirectories
            .Concat(path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Where(Path.IsPathFullyQualified)
            .Distinct(StringComparer.Ordinal)
            .ToArray();
    }

    private static MariaDbInstallation? Find(IReadOnlyList<string> searchDirectories, Func<string, bool> isExecutable, out IReadOnlyList<string> missing)
    {
        var server = FindProgram(s_serverNames, searchDirectories, isExecutable);
        var installDb = FindProgram(s_installDbNames, searchDirectories, isExecutable);
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
        return server is not null && installDb is not null
            ? new MariaDbInstallation(server, installDb, FindProgram(s_backupNames, searchDirectories, isExecutable), FindProgram(s_streamNames, searchDirectories, isExecutable))
            : null;
    }

    private static string? FindProgram(string[] names, IReadOnlyList<string> searchDirectories, Func<string, bool> isExecutable) =>
        Paths(names, searchDirectories).FirstOrDefault(isExecutable);

    private static IEnumerable<string> Paths(string[] names, IReadOnlyList<string> searchDirectories) =>
        names.SelectMany(name => searchDirectories.Select(directory => Path.Combine(directory, name)));

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
