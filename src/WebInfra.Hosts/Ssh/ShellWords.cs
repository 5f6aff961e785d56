namespace WebInfra.Hosts.Ssh;

/// <summary>
/// Words for a POSIX shell: what the remote side of SSH runs is one line its login shell reads, so every word of a
/// command sent there is quoted whole.
/// </summary>
internal static class ShellWords
{
    /// <summary><paramref name="word"/> in single quotes, each quote in it closed, escaped and reopened.</summary>
    public static string Quote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>Every word of <paramref name="words"/> quoted, separated by spaces.</summary>
    public static string Join(IEnumerable<string> words) => string.Join(' ', words.Select(Quote));
}
