using WebInfra.Topology.Faults;

namespace WebInfra.Hosts;

/// <summary>
/// Faults on demand in the network between a site's hosts, bounded and reversible: a partition between two hosts, a
/// slow or lossy link. A capability of a kind of host (<see cref="IHostDriver.Faults"/>), since only hosts with a
/// network of their own can have one cut; the kernel holds each fault, and <see cref="Current"/> reads it back from there.
/// </summary>
/// <remarks>Every name is a server of the site or <see cref="IHostDriver.OperatorName"/>.</remarks>
public interface INetworkFaults
{
    /// <summary>Drops the packets between <paramref name="a"/> and <paramref name="b"/>; only those from a to b when <paramref name="oneWay"/>.</summary>
    /// <exception cref="HostException">No such host, the site is down, or the command that sets it failed.</exception>
    void Partition(string a, string b, bool oneWay);

    /// <summary>Ends the partition between <paramref name="a"/> and <paramref name="b"/> (both ways), or every partition when both are null.</summary>
    /// <returns>Whether any partition was there to end.</returns>
    /// <exception cref="HostException">The command that removes it failed.</exception>
    bool Heal(string? a, string? b);

    /// <summary>Makes <paramref name="link"/>'s host's link slow or lossy in both directions, replacing what it had.</summary>
    /// <exception cref="HostException">No such host, the site is down, or this machine cannot delay packets.</exception>
    void Slow(SlowLink link);

    /// <summary>Makes <paramref name="server"/>'s link as fast as it was; false when it was not slow.</summary>
    /// <exception cref="HostException">No such host, or the command that removes the delay failed.</exception>
    bool Fast(string server);

    /// <summary>Every fault set now, as the kernel holds it.</summary>
    SiteFaults Current();
}
