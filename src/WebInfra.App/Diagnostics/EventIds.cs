namespace WebInfra.App.Diagnostics;

/// <summary>
/// Event IDs of the message board's log messages, in one place so that an ID is never used twice and alerts
/// can key on it. WebInfra.App owns 4000-4099.
/// </summary>
internal static class EventIds
{
    public const int DatabaseServerUnreachable = 4000;
    public const int DatabaseServerReachable = 4001;
    public const int ReadFellBackToPrimary = 4002;
    public const int PostRecheckedOnPrimary = 4003;

    // Highest ID is 4003. New IDs start at 4004.
}
