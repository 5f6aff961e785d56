namespace WebInfra.Topology.Model;

/// <summary>
/// How often the database monitor checks every database node, and how many checks in a row the primary must fail
/// before a replica is promoted. Checking every 500 ms with 3 failures lets writes resume within about 3 s of a crash.
/// </summary>
/// <param name="Interval">Time between two checks of the nodes.</param>
/// <param name="Fall">Failed checks of the primary in a row that start a failover.</param>
public sealed record FailoverSettings(TimeSpan Interval, int Fall)
{
    /// <summary>The shortest interval accepted.</summary>
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>The primary's lease when none is written: 1.5 s, or three intervals when they are longer.</summary>
    public static TimeSpan LeaseFor(TimeSpan interval) => TimeSpan.FromTicks(Math.Max(TimeSpan.FromMilliseconds(1500).Ticks, 3 * interval.Ticks));

    /// <summary>Every 500 ms, 3 failures.</summary>
    public static FailoverSettings Default { get; } = new(TimeSpan.FromMilliseconds(500), 3);

    /// <summary>
    /// How a primary the monitors cannot vouch for is fenced, as written (<c>fencing: lease | off</c>); null when not
    /// written: then <see cref="Topology.EffectiveFencing"/> decides from the number of monitors.
    /// </summary>
    public FencingMode? Fencing { get; init; }

    /// <summary>How long the primary's lease lasts after each renewal (<c>lease</c>); at least two intervals, so one late check does not fence a healthy primary.</summary>
    public TimeSpan Lease { get; init; } = LeaseFor(Interval);
}
