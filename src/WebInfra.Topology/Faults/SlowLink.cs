using System.Globalization;
using WebInfra.Topology.Loading;

namespace WebInfra.Topology.Faults;

/// <summary>
/// A host's link made slow or lossy (<c>webinfra slow SERVER --delay 100ms</c>), in both directions: every packet the
/// host sends and every packet sent to it waits <see cref="Delay"/> (± <see cref="Jitter"/>), and
/// <see cref="LossPercent"/> of them are lost, each way.
/// </summary>
/// <param name="Server">A server's name, or <c>operator</c>.</param>
/// <param name="Delay">Added to each packet, each way; zero for loss alone.</param>
/// <param name="Jitter">How far a packet's delay may be from <paramref name="Delay"/>; at most the delay.</param>
/// <param name="LossPercent">The share of packets lost each way, from 0 to 100.</param>
public sealed record SlowLink(string Server, TimeSpan Delay, TimeSpan Jitter, double LossPercent)
{
    /// <summary>The longest delay <c>slow</c> adds, so that a fault stays a slow link and never becomes a partition in disguise.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The slow link that <c>slow SERVER --delay D --jitter J --loss P</c> asks for (each text may be null when not
    /// given), or null with <paramref name="error"/> saying which value is wrong and how to write it.
    /// </summary>
    public static SlowLink? TryCreate(string server, string? delay, string? jitter, string? loss, out string? error)
    {
        ArgumentNullException.ThrowIfNull(server);
        error = null;
        var delayValue = TimeSpan.Zero;
        var jitterValue = TimeSpan.Zero;
        var lossValue = 0.0;
        if (delay is not null && (!DurationParser.TryParse(delay, out delayValue) || delayValue > MaxDelay))
        {
            error = $"--delay '{delay}' is not a duration above zero and at most {DurationParser.Format(MaxDelay)} (write it with a unit: 100ms, 1s)";
        }
        else if (jitter is not null && delay is null)
        {
            error = "--jitter varies the delay, so it needs --delay (for example --delay 100ms --jitter 20ms)";
        }
        else if (jitter is not null && (!DurationParser.TryParse(jitter, out jitterValue) || jitterValue > delayValue))
        {
            error = $"--jitter '{jitter}' is not a duration above zero and at most the delay ({delay}), with a unit: 20ms";
        }
        else if (loss is not null && (!TryParsePercent(loss, out lossValue) || lossValue <= 0 || lossValue > 100))
        {
            error = $"--loss '{loss}' is not a percentage above 0 and at most 100 (for example 1% or 0.5%)";
        }
        else if (delay is null && loss is null)
        {
            error = "say how slow: --delay 100ms (and --jitter 20ms), --loss 1%, or both; --off makes the link fast again";
        }

        return error is null ? new SlowLink(server, delayValue, jitterValue, lossValue) : null;
    }

    /// <summary>How <c>status</c> and the dashboard describe it: <c>server-1: delay 100ms ± 20ms, loss 1%</c>.</summary>
    public override string ToString()
    {
        var parts = new List<string>();
        if (Delay > TimeSpan.Zero)
        {
            parts.Add(Jitter > TimeSpan.Zero ? $"delay {DurationParser.Format(Delay)} ± {DurationParser.Format(Jitter)}" : $"delay {DurationParser.Format(Delay)}");
        }

        if (LossPercent > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"loss {LossPercent:0.###}%"));
        }

        return $"{Server}: {string.Join(", ", parts)}";
    }

    private static bool TryParsePercent(string text, out double value)
    {
        var number = text.Trim();
        number = number.EndsWith('%') ? number[..^1] : number;
        return double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
    }
}
