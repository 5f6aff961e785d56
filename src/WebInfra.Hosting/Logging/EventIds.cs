namespace WebInfra.Hosting.Logging;

/// <summary>
/// Event IDs of the host every component runs in, 8000-8999 (the roles own 1000-7999: Topology 1000, Balancer 2000,
/// Web 3000, App 4000, Database 5000, Monitoring 6000, Cli 7000). Admin listener authentication uses 8000-8019, the access log 8020-8029, the listener takeover 8030-8039, reload 8040-8059.
/// </summary>
internal static class EventIds
{
    public const int AdminFailuresLimited = 8000;
    public const int AdminCredentialsReloaded = 8001;
    public const int AdminCredentialsUnreadable = 8002;

    public const int AccessLogDropping = 8020;
    public const int AccessLogWriteFailed = 8021;

    public const int TakeoverReady = 8030;
    public const int TakeoverHandedOver = 8031;
    public const int TakeoverRefused = 8032;
    public const int TakeoverUnusedClosed = 8033;
    public const int TakeoverClosed = 8034;
    public const int TakeoverSuccessorGone = 8035;
    public const int TakeoverNoPredecessor = 8036;

    public const int TopologyReloaded = 8040;
    public const int TopologyReloadRefused = 8041;

    // Highest IDs in use: 8002 (admin listener authentication), 8021 (access log), 8035 (listener takeover), 8041 (reload).
}
