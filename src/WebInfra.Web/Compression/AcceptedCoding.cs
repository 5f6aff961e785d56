using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace WebInfra.Web.Compression;

/// <summary>
/// Which content coding a request's <c>Accept-Encoding</c> takes among those a response is available in (RFC 9110,
/// 12.5.3): the highest q-value wins, a coding not named takes the q-value of <c>*</c> (none without it), <c>q=0</c>
/// refuses, and on a tie the earlier of the available codings is taken. Identity is the answer when nothing is
/// accepted, or when the client rates <c>identity</c> itself higher.
/// </summary>
internal static class AcceptedCoding
{
    /// <summary>The coding of <paramref name="available"/> to send, or null to send the identity body.</summary>
    public static string? Choose(StringValues acceptEncoding, IReadOnlyList<string> available)
    {
        if (available.Count == 0 || !StringWithQualityHeaderValue.TryParseList(acceptEncoding, out var accepted))
        {
            return null;
        }

        string? best = null;
        var bestQuality = 0.0;
        foreach (var coding in available)
        {
            var quality = QualityOf(accepted, coding) ?? 0;
            if (quality > bestQuality)
            {
                (best, bestQuality) = (coding, quality);
            }
        }

        return QualityOf(accepted, "identity", wildcard: false) > bestQuality ? null : best;
    }

    private static double? QualityOf(IList<StringWithQualityHeaderValue> accepted, string coding, bool wildcard = true)
    {
        double? any = null;
        foreach (var entry in accepted)
        {
            if (StringSegment.Equals(entry.Value, coding, StringComparison.OrdinalIgnoreCase))
            {
                return entry.Quality ?? 1;
            }

            if (wildcard && StringSegment.Equals(entry.Value, "*", StringComparison.Ordinal))
            {
                any = entry.Quality ?? 1;
            }
        }

        return any;
    }
}
