using System.Globalization;
using System.Text.RegularExpressions;
using WebInfra.Topology.Faults;

namespace WebInfra.Hosts.Namespaces;

/// <summary>
/// A slow link as Linux's network emulator makes it: a <c>netem</c> queueing discipline at the root of an interface
/// (<c>tc qdisc replace dev eth0 root netem delay 100ms 20ms loss 1%</c>) delays and drops what leaves through it.
/// </summary>
internal static partial class NetemQdisc
{
    /// <summary>What <c>tc qdisc replace dev DEV root</c> takes after it for <paramref name="link"/>.</summary>
    public static IReadOnlyList<string> Arguments(SlowLink link)
    {
        ArgumentNullException.ThrowIfNull(link);
        var arguments = new List<string> { "netem" };
        if (link.Delay > TimeSpan.Zero)
        {
            arguments.AddRange(["delay", Microseconds(link.Delay)]);
            if (link.Jitter > TimeSpan.Zero)
            {
                arguments.Add(Microseconds(link.Jitter));
            }
        }

        if (link.LossPercent > 0)
        {
            arguments.AddRange(["loss", string.Create(CultureInfo.InvariantCulture, $"{link.LossPercent:0.###}%")]);
        }

        return arguments;
    }

    /// <summary>Whether <paramref name="listing"/> (<c>tc qdisc show dev DEV</c>) shows a netem at the interface's root.</summary>
    public static bool IsIn(string listing) => Root().IsMatch(listing);

    /// <summary>The slow link of <paramref name="server"/> a listing (<c>tc qdisc show dev DEV</c>) shows, or null when it shows no netem.</summary>
    public static SlowLink? Parse(string server, string listing)
    {
        ArgumentNullException.ThrowIfNull(listing);
        var line = listing.Split('\n').FirstOrDefault(Root().IsMatch);
        if (line is null)
        {
            return null;
        }

        var delay = Delay().Match(line);
        var loss = Loss().Match(line);
        return new SlowLink(
            server,
            delay.Success ? Time(delay.Groups["delay"].Value) : TimeSpan.Zero,
            delay.Groups["jitter"].Success ? Time(delay.Groups["jitter"].Value) : TimeSpan.Zero,
            loss.Success ? double.Parse(loss.Groups["loss"].Value, CultureInfo.InvariantCulture) : 0);
    }

    private static string Microseconds(TimeSpan value) => string.Create(CultureInfo.InvariantCulture, $"{(long)value.TotalMicroseconds}us");

    /// <summary>A time as tc prints it: <c>200ms</c>, <c>1.5s</c>, <c>500us</c>.</summary>
    private static TimeSpan Time(string text)
    {
        var unit = text.EndsWith("ms", StringComparison.Ordinal) ? "ms" : text.EndsWith("us", StringComparison.Ordinal) ? "us" : "s";
        var number = double.Parse(text[..^unit.Length], CultureInfo.InvariantCulture);
        return unit switch
        {
            "ms" => TimeSpan.FromMilliseconds(number),
            "us" => TimeSpan.FromMicroseconds(number),
            _ => TimeSpan.FromSeconds(number),
        };
    }

    [GeneratedRegex(@"^qdisc netem \S+ root\b", RegexOptions.Multiline)]
    private static partial Regex Root();

    [GeneratedRegex(@"\bdelay\s+(?<delay>[\d.]+(?:ms|us|s))(?:\s+(?<jitter>[\d.]+(?:ms|us|s)))?")]
    private static partial Regex Delay();

    [GeneratedRegex(@"\bloss\s+(?:random\s+)?(?<loss>[\d.]+)%")]
    private static partial Regex Loss();
}
