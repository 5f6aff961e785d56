namespace WebInfra.Database.Monitoring;

/// <summary>The monitor's timing, from the topology's <c>database.failover</c>: a check may take as long as the interval between checks.</summary>
/// <param name="Interval">Time between two rounds of checks.</param>
internal sealed record MonitorSettings(TimeSpan Interval)
{
    public TimeSpan CheckTimeout => Interval;
}
