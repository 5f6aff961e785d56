using System.Globalization;

namespace WebInfra.Topology.Loading;

/// <summary>
/// Durations as HAProxy and nginx users write them: <c>100ms</c>, <c>2s</c>, <c>1m</c>, <c>1h</c>, with a unit always.
/// Public so that command-line options (<c>status --interval 1s</c>) read durations as topology files do.
/// </summary>
public static class DurationParser
{
    /// <summary>Reads <paramref name="text"/>; false when it has no unit, an unknown unit, or is not above zero and at most a day.</summary>
    public static bool TryParse(string text, out TimeSpan value)
    {
        value = default;
        var (number, unit) = UnitSuffix.Split(text);
        if (number.Length == 0 || unit.Length == 0
            || !double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            return false;
        }

        double? milliseconds = unit switch
        {
            "ms" => amount,
            "s" => amount * 1_000,
            "m" => amount * 60_000,
            "h" => amount * 3_600_000,
            _ => null,
        };
        if (milliseconds is not { } ms || ms <= 0 || ms > TimeSpan.FromDays(1).TotalMilliseconds)
        {
            return false;
        }

        value = TimeSpan.FromMilliseconds(ms);
        return true;
    }

    /// <summary>Writes <paramref name="value"/> the way <see cref="TryParse"/> reads it, in the largest unit that divides it: 1h, 90s, 100ms.</summary>
    public static string Format(TimeSpan value) =>
        value == TimeSpan.Zero ? "0s"
        : value.Ticks % TimeSpan.TicksPerHour == 0 ? $"{value.Ticks / TimeSpan.TicksPerHour}h"
        : value.Ticks % TimeSpan.TicksPerMinute == 0 ? $"{value.Ticks / TimeSpan.TicksPerMinute}m"
        : value.Ticks % TimeSpan.TicksPerSecond == 0 ? $"{value.Ticks / TimeSpan.TicksPerSecond}s"
        : string.Create(CultureInfo.InvariantCulture, $"{value.TotalMilliseconds}ms");
}
