using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace WebInfra.App.Posts;

/// <summary>
/// The <c>{id}</c> segment of <c>/api/posts/{id}</c>. Parsed by the app rather than by a route constraint so
/// that a malformed id gets a 400 that says what is wrong, instead of a bare 404 from routing: an id that is
/// not a whole number from 1 to <see cref="ulong.MaxValue"/> (the range of <c>BIGINT UNSIGNED</c>, from which
/// <c>AUTO_INCREMENT</c> starts at 1) is a bad request; a well-formed id with no post is a 404.
/// </summary>
internal static class PostId
{
    public const string ParameterName = "id";

    /// <summary>Parses ASCII digits only: no sign, no spaces, no exponent.</summary>
    public static bool TryParse(string? text, out ulong id, [NotNullWhen(false)] out string? error)
    {
        if (ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id) && id != 0)
        {
            error = null;
            return true;
        }

        error = string.Create(CultureInfo.InvariantCulture, $"The {ParameterName} must be a whole number from 1 to {ulong.MaxValue}.");
        return false;
    }
}
