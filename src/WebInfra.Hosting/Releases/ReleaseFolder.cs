using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace WebInfra.Hosting.Releases;

/// <summary>
/// A folder as a release holds it: copied file by file (symbolic links as links, so a release never reaches outside
/// itself through a copy of what a link pointed at), and described by its files, their size and a digest of their
/// names and contents, so that two releases of the same folder show the same digest.
/// </summary>
public static class ReleaseFolder
{
    /// <summary>Copies <paramref name="source"/> into <paramref name="destination"/>, leaving out <paramref name="excluded"/> and what is under it.</summary>
    public static void Copy(string source, string destination, string excluded)
    {
        Directory.CreateDirectory(destination);
        foreach (var entry in new DirectoryInfo(source).EnumerateFileSystemInfos())
        {
            var target = Path.Combine(destination, entry.Name);
            if (IsUnder(entry.FullName, excluded))
            {
                continue;
            }

            if (entry.LinkTarget is { } link)
            {
                File.CreateSymbolicLink(target, link);
            }
            else if (entry is DirectoryInfo directory)
            {
                Copy(directory.FullName, target, excluded);
            }
            else
            {
                File.Copy(entry.FullName, target);
            }
        }
    }

    /// <summary>
    /// The regular files of <paramref name="folder"/> (but those under <paramref name="excluded"/>), their bytes in all,
    /// and the first 12 hex digits of a SHA-256 over their paths and contents.
    /// </summary>
    public static (int Files, long Bytes, string Digest) Describe(string folder, string excluded)
    {
        using var digest = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var files = 0;
        var bytes = 0L;
        foreach (var path in FilesUnder(folder, excluded).Select(f => Path.GetRelativePath(folder, f)).Order(StringComparer.Ordinal))
        {
            var content = File.ReadAllBytes(Path.Combine(folder, path));
            digest.AppendData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{path}\0{content.Length}\0")));
            digest.AppendData(content);
            files++;
            bytes += content.Length;
        }

        return (files, bytes, Convert.ToHexStringLower(digest.GetHashAndReset())[..12]);
    }

    /// <summary>Whether <paramref name="folder"/> holds at least one regular file, anywhere below it but under <paramref name="excluded"/>.</summary>
    public static bool HasFiles(string folder, string excluded) => Directory.Exists(folder) && FilesUnder(folder, excluded).Any();

    /// <summary>The regular files below <paramref name="folder"/>, not following links, not entering <paramref name="excluded"/>.</summary>
    private static IEnumerable<string> FilesUnder(string folder, string excluded)
    {
        foreach (var entry in new DirectoryInfo(folder).EnumerateFileSystemInfos())
        {
            if (entry.LinkTarget is not null || IsUnder(entry.FullName, excluded))
            {
                continue;
            }

            if (entry is DirectoryInfo directory)
            {
                foreach (var file in FilesUnder(directory.FullName, excluded))
                {
                    yield return file;
                }
            }
            else
            {
                yield return entry.FullName;
            }
        }
    }

    private static bool IsUnder(string path, string folder) =>
        path == folder || path.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
