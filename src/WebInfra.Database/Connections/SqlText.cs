using System.Buffers;

namespace WebInfra.Database.Connections;

/// <summary>
/// Quoting for the few places where values cannot be sent as parameters: the init file, which
/// mariadbd reads itself, and identifiers such as database names. Names are restricted to
/// <c>[A-Za-z0-9_]</c> so they never need more than backticks and read the same in every tool.
/// </summary>
internal static class SqlText
{
    /// <summary>MariaDB's limit for database names (and well within its limit for user names).</summary>
    public const int MaxNameLength = 64;

    private static readonly SearchValues<char> s_nameCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_");

    public static bool IsSimpleName(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= MaxNameLength && !name.AsSpan().ContainsAnyExcept(s_nameCharacters);

    public static void ThrowIfNotSimpleName(string? name, string paramName)
    {
        if (!IsSimpleName(name))
        {
            throw new ArgumentException(
                $"'{name}' is not a valid name: use 1 to {MaxNameLength} letters, digits or underscores.", paramName);
        }
    }

    /// <summary>A string literal for the server's default SQL mode (backslash is an escape character).</summary>
    public static string Literal(string value) => "'" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal) + "'";

    public static string Identifier(string name) => "`" + name.Replace("`", "``", StringComparison.Ordinal) + "`";

    public static string Account(string user, string host) => $"{Literal(user)}@{Literal(host)}";
}
