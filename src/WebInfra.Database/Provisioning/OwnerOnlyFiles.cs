namespace WebInfra.Database.Provisioning;

/// <summary>
/// Files and directories that only their owner may read: the secrets file, the init file (both hold
/// passwords) and a node's temporary directory (it holds query data). Files are written to a
/// temporary sibling created with mode 0600 and then renamed into place, so they are never readable
/// by others (not even between create and chmod) and a reader never sees half a file.
/// </summary>
internal static class OwnerOnlyFiles
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyDirectory = OwnerReadWrite | UnixFileMode.UserExecute;
    private const UnixFileMode GroupOrOtherAccess =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>Creates <paramref name="path"/> unless it exists; returns false when another writer got there first.</summary>
    public static bool TryCreateFile(string path, string contents) => Write(path, contents, overwrite: false);

    /// <summary>Creates or replaces <paramref name="path"/>.</summary>
    public static void ReplaceFile(string path, string contents) => Write(path, contents, overwrite: true);

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

    private static bool Write(string path, string contents, bool overwrite)
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

            try
            {
                File.Move(temporary, path, overwrite);
                return true;
            }
            catch (IOException) when (!overwrite && File.Exists(path))
            {
                return false;
            }
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static PlatformNotSupportedException NotSupported() =>
        new("WebInfra keeps database passwords in files with Unix permissions; Windows is not supported.");
}
