using System.Globalization;

namespace WebInfra.Topology.Loading;

/// <summary>
/// Sizes as nginx users write them: a number of bytes, or with a unit <c>b</c>, <c>kb</c> or <c>mb</c>
/// (powers of 1024, as nginx's <c>k</c> and <c>m</c>), case-insensitively.
/// </summary>
internal static class ByteSizeParser
{
    public static bool TryParse(string text, out int value)
    {
        value = default;
        var (number, unit) = UnitSuffix.Split(text);
        long? multiplier = unit.ToLowerInvariant() switch
        {
            "" or "b" => 1,
            "k" or "kb" or "kib" => 1024,
            "m" or "mb" or "mib" => 1024 * 1024,
            _ => null,
        };
        if (multiplier is not { } factor
            || !long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var amount)
            || amount > int.MaxValue / factor)
        {
            return false;
        }

        value = (int)(amount * factor);
        return true;
    }
}
