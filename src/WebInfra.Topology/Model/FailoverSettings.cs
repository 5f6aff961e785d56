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

    /// <summary>Every 500 ms, 3 failures.</summary>
    public static FailoverSettings Default { get; } = new(TimeSpan.FromMilliseconds(500), 3);
}
