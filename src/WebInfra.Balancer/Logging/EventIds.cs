namespace WebInfra.Balancer.Logging;

/// <summary>Event IDs of the balancer, 2000-2999, one place so that none is used twice.</summary>
internal static class EventIds
{
    public const int DestinationDown = 2001;
    public const int DestinationUp = 2002;
    public const int DestinationEjected = 2003;
    public const int Retrying = 2004;
    public const int DestinationDrained = 2005;
    public const int DestinationUndrained = 2006;
    public const int ForwardingFailed = 2007;
    public const int KeepalivedStarted = 2101;
    public const int VrrpStateChanged = 2103;
    public const int TrackedBalancerDown = 2104;
    public const int TrackedBalancerUp = 2105;
    public const int BackendReloaded = 2200;
}
