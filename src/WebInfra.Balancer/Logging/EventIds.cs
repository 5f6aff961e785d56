namespace WebInfra.Balancer.Logging;

/// <summary>Event IDs of the balancer, 2000-2999, one place so that none is used twice.</summary>
internal static class EventIds
{
    public const int DestinationDown = 2001;
    public const int DestinationUp = 2002;
}
