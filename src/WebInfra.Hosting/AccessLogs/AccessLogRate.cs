using System.Globalization;

namespace WebInfra.Hosting.AccessLogs;

/// <summary>
/// Requests per second read back from access log lines (either format), as the classic designs read a server's rate
/// from its log: each line counts in the second its <c>time_local</c> names.
/// </summary>
public static class AccessLogRate
{
    private const string TimeFormat = "dd/MMM/yyyy:HH:mm:ss zzz";
    private const string JsonTimeKey = "\"time_local\":\"";

    /// <summary>
    /// The lines of each of the <paramref name="seconds"/> whole seconds before <paramref name="end"/> (UTC), oldest
    /// first; lines outside them, or without a time, are not counted.
    /// </summary>
    public static IReadOnlyList<int> PerSecond(IEnumerable<string> lines, DateTime end, int seconds)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(seconds);
        var last = new DateTime(end.Ticks - end.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
        var first = last.AddSeconds(-seconds);
        var counts = new int[seconds];
        foreach (var line in lines)
        {
            if (TryReadTime(line, out var time) && time >= first && time < last)
            {
                counts[(int)((time - first).Ticks / TimeSpan.TicksPerSecond)]++;
            }
        }

        return counts;
    }

    /// <summary>The <c>time_local</c> of a line (UTC): between the first brackets of a combined line, or the JSON field.</summary>
    public static bool TryReadTime(string line, out DateTime time)
    {
        ArgumentNullException.ThrowIfNull(line);
        time = default;
        var span = line.AsSpan();
        int start;
        char close;
        if (span.StartsWith("{"))
        {
            start = span.IndexOf(JsonTimeKey, StringComparison.Ordinal);
            start = start < 0 ? -1 : start + JsonTimeKey.Length;
            close = '"';
        }
        else
        {
            start = span.IndexOf('[');
            start = start < 0 ? -1 : start + 1;
            close = ']';
        }

        if (start < 0 || span[start..].IndexOf(close) is not (> 0 and var length))
        {
            return false;
        }

        if (!DateTimeOffset.TryParseExact(span.Slice(start, length), TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            return false;
        }

        time = parsed.UtcDateTime;
        return true;
    }
}
