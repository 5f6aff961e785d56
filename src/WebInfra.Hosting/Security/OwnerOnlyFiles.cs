using System.Diagnostics;

namespace WebInfra.Hosting.Security;

/// <summary>
/// Files and directories that only their owner may read: the database secrets file and init file (both hold
/// passwords), a database node's temporary directory (it holds query data) and the private keys of the site's
/// certificates, the admin listeners' tokens. Files are written to a temporary sibling created with mode 0600 and then renamed into place, so they
/// are never readable by others (not even between create and chmod) and a reader never sees half a file.
/// </summary>
public static class OwnerOnlyFiles
{
    private static readonly TimeSpan s_lockRetryInterval = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan s_creationLockTimeout = TimeSpan.FromSeconds(10);

    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyDirectory = OwnerReadWrite | UnixFileMode.UserExecute;
    private const UnixFileMode GroupOrOtherAccess =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>
    /// Takes an exclusive lock (flock, through <see cref="FileShare.None"/>) on <paramref name="path"/>,
    /// waiting up to <paramref name="timeout"/> for other processes and threads. The kernel releases it
    /// when the holder exits, however it exits. The lock file is left in place: deleting it would let
    /// a waiter lock a file that is no longer the one others open.
    /// </summary>
    public static FileStream Lock(string path, TimeSpan timeout)
    {
        if (OperatingSystem.IsWindows())
        {
            throw NotSupported();
        }

        var options = new FileStreamOptions
        {
            Mode = FileMode.OpenOrCreate,
            Access = FileAccess.ReadWrite,
            Share = FileShare.None,
            UnixCreateMode = OwnerReadWrite,
        };
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            try
            {
                return new FileStream(path, options);
            }
            catch (IOException) when (Stopwatch.GetElapsedTime(started) < timeout)
            {
                Thread.Sleep(s_lockRetryInterval);
            }
        }
    }

    /// <summary>Creates <paramref name="path"/> and its missing parents with mode 0700; an existing directory keeps its mode.</summary>
    public static void CreateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            throw NotSupported();
        }

        Directory.CreateDirectory(path, OwnerOnlyDirectory);
    }

    /// <summary>Tells whether nobody but the owner can read, write or enter <paramref name="path"/>.</summary>
    public static bool IsOwnerOnly(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            throw NotSupported();
        }

        return (File.GetUnixFileMode(path) & GroupOrOtherAccess) == 0;
    }

    /// <summary>
    /// The text of the secrets file at <paramref name="path"/>, written first from <paramref name="create"/> (mode 0600,
    /// its folder 0700) when it does not exist yet. Processes racing to create it take turns on a <c>.lock</c> file
    /// next to it, and all but the first read what the first wrote.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="what">What the file is, for messages (<c>Database secrets file</c>).</param>
    /// <param name="create">The first contents.</param>
    /// <exception cref="InvalidDataException">The file is accessible by other users.</exception>
    public static string ReadOrCreate(string path, string what, Func<string> create)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(create);
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            CreateDirectory(Path.GetDirectoryName(fullPath)!);
            using (Lock(fullPath + ".lock", s_creationLockTimeout))
            {
                if (!File.Exists(fullPath))
                {
                    var contents = create();
                    ReplaceFile(fullPath, contents);
                    return contents;
                }
            }
        }

        return ReadSecret(fullPath, what);
    }

    /// <summary>The text of the secrets file at <paramref name="path"/>, refused when others may access it.</summary>
    /// <param name="path">The file.</param>
    /// <param name="what">What the file is, for messages (<c>Admin credentials file</c>).</param>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="InvalidDataException">The file is accessible by other users.</exception>
    public static string ReadSecret(string path, string what)
    {
        var fullPath = Path.GetFullPath(path);
        if (!IsOwnerOnly(fullPath))
        {
            throw new InvalidDataException($"{what} {fullPath} is accessible by other users; restrict it with: chmod 600 {fullPath}");
        }

        return File.ReadAllText(fullPath);
    }

    /// <summary>
    /// Creates or replaces <paramref name="path"/> with a rename. Renaming never fails because the
    /// target exists (.NET's no-overwrite move checks and then renames, which is a race), so writers
    /// that must not overwrite each other hold a <see cref="Lock"/>.
    /// </summary>
    public static void ReplaceFile(string path, string contents)
    {
        if (OperatingSystem.IsWindows())
        {
            throw NotSupported();
        }

        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            var options = new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = OwnerReadWrite,
            };
            using (var stream = new FileStream(temporary, options))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(contents);
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static PlatformNotSupportedException NotSupported() =>
        new("WebInfra keeps passwords and private keys in files with Unix permissions; Windows is not supported.");
}
