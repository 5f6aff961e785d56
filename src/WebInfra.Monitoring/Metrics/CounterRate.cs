namespace WebInfra.Monitoring.Metrics;

/// <summary>Per-second rates from two readings of a counter, as Prometheus' <c>rate()</c> reads them.</summary>
internal static class CounterRate
{
    /// <summary>
    /// The counter's increase per second between the readings; a counter that went down was reset (its process
    /// restarted), so all of its current value is new. Null when a reading is missing or no time passed.
    /// </summary>
    public static double? PerSecond(double? before, double? now, TimeSpan elapsed)
    {
        if (before is not { } earlier || now is not { } later || elapsed <= TimeSpan.Zero)
        {
            return null;
        }

        return (later < earlier ? later : later - earlier) / elapsed.TotalSeconds;
    }
}
