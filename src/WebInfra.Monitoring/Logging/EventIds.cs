namespace WebInfra.Monitoring.Logging;

/// <summary>Event IDs of the monitoring features (the dashboard), 6000-6999, one place so that none is used twice.</summary>
internal static class EventIds
{
    public const int DashboardWatching = 6001;
    public const int DashboardEvent = 6002;
    public const int SamplingFailed = 6003;
}
