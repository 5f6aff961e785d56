namespace WebInfra.Topology.Model;

/// <summary>One balancer that may hold a <see cref="VirtualAddress"/>, and its VRRP priority (1 to 254, higher wins).</summary>
/// <param name="ComponentName">The balancer, e.g. <c>lb-01/balancer</c>.</param>
/// <param name="Priority">Its priority: the alive member with the highest holds the address.</param>
/// <param name="Location">Where the member is written.</param>
public sealed record VrrpMember(string ComponentName, int Priority, SourceLocation Location)
{
    /// <summary>The lowest priority a member may have.</summary>
    public const int MinimumPriority = 1;

    /// <summary>The highest priority a member may have; 255 is VRRP's address owner, which a floating address has none of.</summary>
    public const int MaximumPriority = 254;
}
