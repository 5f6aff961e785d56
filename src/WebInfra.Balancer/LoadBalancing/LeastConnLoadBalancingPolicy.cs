using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.LoadBalancing;
using Yarp.ReverseProxy.Model;

namespace WebInfra.Balancer.LoadBalancing;

/// <summary>
/// HAProxy's <c>balance leastconn</c>: the destination with the fewest requests in flight per unit of weight
/// (HAProxy: connections / weight). Destinations equally loaded, as all are on an idle site, take turns by smooth
/// weighted round robin, so sequential requests still spread in proportion to weight instead of all going to the first.
/// The weight of a member in its slow start is its ramping one, in both the load and the turns.
/// </summary>
internal sealed class LeastConnLoadBalancingPolicy(SlowStart slowStart) : ILoadBalancingPolicy
{
    private readonly ConditionalWeakTable<ClusterState, SmoothWeightedRoundRobin> _tieBreakers = [];
    private readonly ConditionalWeakTable<ClusterState, SmoothWeightedRoundRobin>.CreateValueCallback _newRotation = cluster => new(cluster, slowStart);

    public string Name => BalancingPolicies.LeastConn;

    public DestinationState? PickDestination(HttpContext context, ClusterState cluster, IReadOnlyList<DestinationState> availableDestinations)
    {
        if (availableDestinations.Count <= 1)
        {
            return availableDestinations.Count == 0 ? null : availableDestinations[0];
        }

        var least = availableDestinations[0];
        var leastLoad = LoadOf(cluster, least);
        for (var i = 1; i < availableDestinations.Count; i++)
        {
            var load = LoadOf(cluster, availableDestinations[i]);
            if (load.IsLessThan(leastLoad))
            {
                (least, leastLoad) = (availableDestinations[i], load);
            }
        }

        // Counts move while we look; if none is still at the least load, the one found first is as good a pick.
        return _tieBreakers.GetValue(cluster, _newRotation)
            .Pick(availableDestinations, (Policy: this, Cluster: cluster, Least: leastLoad), static (d, s) => s.Policy.LoadOf(s.Cluster, d).IsEqualTo(s.Least)) ?? least;
    }

    private Load LoadOf(ClusterState cluster, DestinationState destination) => new(destination.ConcurrentRequestCount, slowStart.WeightOf(cluster, destination));

    /// <summary>Requests in flight divided by weight, compared by cross-multiplying so no rounding enters.</summary>
    private readonly record struct Load(long Requests, long Weight)
    {
        public bool IsLessThan(Load other) => Requests * other.Weight < other.Requests * Weight;

        public bool IsEqualTo(Load other) => Requests * other.Weight == other.Requests * Weight;
    }
}
