using System.Net;

namespace WebInfra.Topology.Model;

/// <summary>
/// The network the servers share when each is a host of its own (<c>hosts: namespaces</c>): the subnet of the
/// virtual switch they are plugged into. With a subnet, a server may leave out its address and get the next free one.
/// </summary>
/// <param name="Subnet">The hosts' IPv4 subnet, e.g. 10.77.0.0/24 (a /16 to a /29), or null to take the /24 of the first server's address.</param>
/// <param name="Location">Where <c>network</c> is written, or null when it is absent.</param>
public sealed record NetworkSettings(IPNetwork? Subnet, SourceLocation? Location)
{
    /// <summary>The shortest prefix <c>network.subnet</c> takes: a /16 holds 65534 hosts, more than a site needs.</summary>
    public const int MinimumPrefixLength = 16;

    /// <summary>The longest prefix <c>network.subnet</c> takes: a /29 holds six hosts, five servers and the operator.</summary>
    public const int MaximumPrefixLength = 29;

    /// <summary>No <c>network</c> section: no subnet set.</summary>
    public static NetworkSettings Default { get; } = new(null, null);
}
