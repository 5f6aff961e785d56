namespace WebInfra.App.Diagnostics;

/// <summary>
/// Event IDs of the message board's log messages (the board's, the user's application's and the database endpoints'), in one place so that an ID is never used twice and alerts
/// can key on it. WebInfra.App owns 4000-4099.
/// </summary>
internal static class EventIds
{
    public const int DatabaseNodeUnreachable = 4000;
    public const int DatabaseNodeReachable = 4001;
    public const int ReadFellBackToPrimary = 4002;
    public const int PostRecheckedOnPrimary = 4003;
    public const int PrimaryChanged = 4004;
    public const int NoWritableNode = 4005;
    public const int ReplicaEligible = 4006;
    public const int ReplicaIneligible = 4007;
    public const int WriteRetriedOnNewPrimary = 4008;
    public const int ReadYourWritesFellBackToPrimary = 4009;
    public const int PrimaryFound = 4010;
    public const int ReplicaServesWithoutPrimary = 4011;
    public const int ReadRetriedAfterRefresh = 4012;
    public const int ApplicationStarted = 4013;
    public const int ApplicationServing = 4014;
    public const int ApplicationUnhealthy = 4015;
    public const int ApplicationRestarting = 4016;
    public const int ApplicationGaveUp = 4017;
    public const int ApplicationStopped = 4018;
    public const int EndpointConnectionRefused = 4019;
    public const int WriterConnectionsClosed = 4020;
    public const int EndpointNodeUnreachable = 4021;
    public const int ReplicaServesStaleOk = 4022;

    // Highest ID is 4022. New IDs start at 4023.
}
