using System.Net;

namespace WebInfra.Topology.Model;

/// <summary>
/// A virtual address (VIP) of the site, from the topology's <c>vips</c> section: one address that floats between two or
/// more balancers by VRRP. The member with the highest priority that is alive and healthy holds it (VRRP MASTER); the
/// others stand by (BACKUP) and the next in priority takes it over within a second when the holder's balancer, its
/// keepalived or its whole server fails. Two VIPs whose priorities are reversed make the active-active design, with DNS
/// answering both.
/// </summary>
/// <param name="Name">The VIP's name, e.g. <c>www</c>; DNS records and <c>status</c> refer to it by this name.</param>
/// <param name="Address">The floating address; an address of the hosts' subnet that no server has.</param>
/// <param name="Members">The balancers that may hold it, with their VRRP priorities, in file order.</param>
/// <param name="Location">Where the VIP is declared.</param>
public sealed record VirtualAddress(string Name, IPAddress Address, IReadOnlyList<VrrpMember> Members, SourceLocation Location)
{
    /// <summary>The VRRP router id (1 to 255), unique among the site's VIPs: <c>vrid</c>, else the VIP's place in the file, from 1.</summary>
    public required int RouterId { get; init; }

    /// <summary>Where <c>address</c> is written.</summary>
    public SourceLocation? AddressLocation { get; init; }

    /// <summary>Where <c>vrid</c> is written, or null when it was given from the VIP's place in the file.</summary>
    public SourceLocation? RouterIdLocation { get; init; }

    /// <summary>
    /// How long a returning member with a higher priority waits before it takes the VIP back (<c>preempt</c>), or null
    /// (the default) when it never does while the holder is healthy: a takeover costs the connections in flight, so the
    /// VIP moves only when it must.
    /// </summary>
    public TimeSpan? PreemptDelay { get; init; }

    /// <summary>The VRRP advertisement interval: a tenth of a second, so a backup takes over about 0.35 s after the adverts stop.</summary>
    public static TimeSpan AdvertisementInterval { get; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The member that starts as holder: the highest priority.</summary>
    public VrrpMember InitialHolder => Members.MaxBy(m => m.Priority)!;
}
