using System.Runtime.CompilerServices;
using Yarp.ReverseProxy.Model;

namespace WebInfra.Balancer.Health;

/// <summary>
/// When each member entered service, for <c>slowstart</c>: a member added to a backend that was already running (a
/// reload), or one the health checks bring back after it was down. Members a backend starts with never entered: as in
/// HAProxy, a slow start never applies when the balancer starts, which would throttle every member at once.
/// </summary>
internal sealed class MemberEntries(TimeProvider time) : IClusterChangeListener
{
    /// <summary>Marks a member that was there when its backend was added; it has no entry time.</summary>
    private const long FromTheStart = long.MinValue;

    // Keyed on the state object, which YARP keeps for as long as the destination exists.
    private readonly ConditionalWeakTable<DestinationState, StrongBox<long>> _entries = [];

    /// <summary>The member enters service now: the health checks brought it back.</summary>
    public void Entered(DestinationState destination) =>
        _entries.AddOrUpdate(destination, new StrongBox<long>(time.GetTimestamp()));

    /// <summary>When the member last entered service (a <see cref="TimeProvider.GetTimestamp"/>), or null when it has been there from the start.</summary>
    public long? EnteredAt(DestinationState destination) =>
        _entries.TryGetValue(destination, out var entered) && entered.Value != FromTheStart ? entered.Value : null;

    /// <inheritdoc/>
    public void OnClusterAdded(ClusterState cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        foreach (var destination in cluster.Destinations.Values)
        {
            _entries.AddOrUpdate(destination, new StrongBox<long>(FromTheStart));
        }
    }

    /// <inheritdoc/>
    public void OnClusterChanged(ClusterState cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var now = time.GetTimestamp();
        foreach (var destination in cluster.Destinations.Values)
        {
            // A destination the backend did not have before is a member added to it now.
            _entries.TryAdd(destination, new StrongBox<long>(now));
        }
    }

    /// <inheritdoc/>
    public void OnClusterRemoved(ClusterState cluster)
    {
    }
}
