using System.Security.Cryptography;
using System.Text;

namespace WebInfra.Database.Provisioning;

/// <summary>
/// The files WebInfra keeps for a node, all derived from its data directory so the provisioner, the
/// command line and any later tool find the same paths. Logs are named by basename only, which keeps
/// the binary log index relative and the data directory movable.
/// </summary>
internal static class DataDirectoryLayout
{
    /// <summary>Linux's <c>sun_path</c> holds 108 bytes including the terminating NUL.</summary>
    public const int MaxSocketPathBytes = 107;

    public const string BinaryLogBaseName = "mariadb-bin";
    public const string RelayLogBaseName = "relay-bin";

    private const string SocketFileName = "mariadbd.sock";
    private const string ShortSocketDirectory = "/tmp";

    public static string InitFile(string dataDirectory) => Path.Combine(dataDirectory, "webinfra-init.sql");

    public static string PidFile(string dataDirectory) => Path.Combine(dataDirectory, "mariadbd.pid");

    /// <summary>
    /// The socket lives in the data directory when its path fits in <c>sun_path</c>; otherwise in
    /// /tmp under a name hashed from the data directory, which stays the same across restarts and
    /// differs between nodes.
    /// </summary>
    public static string Socket(string dataDirectory)
    {
        var inDataDirectory = Path.Combine(dataDirectory, SocketFileName);
        if (Encoding.UTF8.GetByteCount(inDataDirectory) <= MaxSocketPathBytes)
        {
            return inDataDirectory;
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(Path.TrimEndingDirectorySeparator(dataDirectory)));
        return Path.Combine(ShortSocketDirectory, $"webinfra-mariadbd-{Convert.ToHexStringLower(hash.AsSpan(0, 8))}.sock");
    }

    /// <summary>
    /// The data directory only receives mariadb-install-db's work after it succeeded (see
    /// <see cref="StagingDirectory"/>), so a <c>mysql</c> system database there means a complete one.
    /// </summary>
    /// <remarks>A shell script that exits 0 when the data directory given as <c>$1</c> is initialised, 1 when not.</remarks>
    public const string IsInitializedScript = "test -d \"$1/mysql\"";

    /// <summary>
    /// The node's own <c>--tmpdir</c>. mariadbd deletes every <c>#sql*</c> file in its tmpdir when it
    /// starts, so nodes sharing /tmp destroy each other's temporary tables (two mariadb-install-db runs
    /// at once fail this way). It sits next to the data directory because any directory inside it would
    /// show up as a database.
    /// </summary>
    public static string TemporaryDirectory(string dataDirectory) => Path.TrimEndingDirectorySeparator(dataDirectory) + ".tmp";

    /// <summary>Where mariadb-install-db works before its result is moved to the data directory.</summary>
    public static string StagingDirectory(string dataDirectory) => Path.TrimEndingDirectorySeparator(dataDirectory) + ".installing";

    /// <summary>Where a node's data directory is kept while a repair clones it again (<c>webinfra db repair</c>), until the clone succeeded.</summary>
    public static string AsideDirectory(string dataDirectory) => Path.TrimEndingDirectorySeparator(dataDirectory) + ".before-repair";
}
