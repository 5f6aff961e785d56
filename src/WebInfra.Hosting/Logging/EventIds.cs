namespace WebInfra.Hosting.Logging;

/// <summary>
/// Event IDs of the host every component runs in, 8000-8999 (the roles own 1000-7999: Topology 1000, Balancer 2000,
/// Web 3000, App 4000, Database 5000, Monitoring 6000, Cli 7000). Admin listener authentication uses 8000-8019.
/// </summary>
internal static class EventIds
{
    public const int AdminFailuresLimited = 8000;
    public const int AdminCredentialsReloaded = 8001;
    public const int AdminCredentialsUnreadable = 8002;

    // Highest ID in use: 8002 (admin listener authentication).
}
