using System.Globalization;

namespace WebInfra.App.Storage;

/// <summary>
/// Checks a MariaDB GTID position (<c>domain-server-sequence</c>, comma-separated for several domains) that came
/// from a client, before it is handed to <c>MASTER_GTID_WAIT</c>. It is passed as a parameter, never spliced into
/// SQL, but a strict check still keeps junk from costing a replica a wait that can only time out.
/// </summary>
internal static class GtidPosition
{
    /// <summary>Longer than any real position of a few domains; a cookie has no business being bigger.</summary>
    public const int MaxLength = 256;

    /// <summary>True when <paramref name="text"/> is one or more <c>uint32-uint32-uint64</c> triples separated by commas, with nothing else.</summary>
    public static bool IsValid(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.Length > MaxLength)
        {
            return false;
        }

        foreach (var range in text.AsSpan().Split(','))
        {
            if (!IsValidGtid(text.AsSpan()[range]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsValidGtid(ReadOnlySpan<char> gtid)
    {
        Span<Range> parts = stackalloc Range[4];
        return gtid.Split(parts, '-') == 3
            && uint.TryParse(gtid[parts[0]], NumberStyles.None, CultureInfo.InvariantCulture, out _)
            && uint.TryParse(gtid[parts[1]], NumberStyles.None, CultureInfo.InvariantCulture, out _)
            && ulong.TryParse(gtid[parts[2]], NumberStyles.None, CultureInfo.InvariantCulture, out _);
    }
}
