using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Microsoft.Extensions.Primitives;

namespace WebInfra.App.Posts;

/// <summary>
/// The <c>limit</c> query parameter of <c>GET /api/posts</c>. Bounded so that one request cannot make the
/// database sort and ship the whole table.
/// </summary>
internal static class PostLimit
{
    public const string ParameterName = "limit";

    /// <summary>Used when the parameter is absent; the same number of posts as the board page shows.</summary>
    public const int Default = 20;

    public const int Max = 100;

    /// <summary>
    /// Parses the parameter's values: absent means <see cref="Default"/>; otherwise exactly one value of ASCII
    /// digits (no sign, no spaces) between 1 and <see cref="Max"/>.
    /// </summary>
    public static bool TryParse(StringValues values, out int limit, [NotNullWhen(false)] out string? error)
    {
        limit = Default;
        error = null;
        if (values.Count == 0)
        {
            return true;
        }

        if (values.Count > 1)
        {
            error = $"Give {ParameterName} once; it was given {values.Count} times.";
            return false;
        }

        if (int.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed is >= 1 and <= Max)
        {
            limit = parsed;
            return true;
        }

        error = string.Create(CultureInfo.InvariantCulture, $"The {ParameterName} must be a whole number from 1 to {Max}.");
        return false;
    }
}
