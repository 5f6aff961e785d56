using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.LoadBalancing;
using Yarp.ReverseProxy.Model;

namespace WebInfra.Balancer.LoadBalancing;

/// <summary>
/// HAProxy's <c>balance roundrobin</c> with <c>weight</c>: YARP's RoundRobin knows no weights. With equal weights it
/// alternates exactly as YARP's does, so it serves every round-robin backend, weighted or not. A member in its slow
/// start gets the share of its ramping weight.
/// </summary>
internal sealed class WeightedRoundRobinLoadBalancingPolicy(SlowStart slowStart) : ILoadBalancingPolicy
{
    private readonly ConditionalWeakTable<ClusterState, SmoothWeightedRoundRobin> _rotations = [];
    private readonly ConditionalWeakTable<ClusterState, SmoothWeightedRoundRobin>.CreateValueCallback _newRotation = cluster => new(cluster, slowStart);

    public string Name => BalancingPolicies.RoundRobin;

    public DestinationState? PickDestination(HttpContext context, ClusterState cluster, IReadOnlyList<DestinationState> availableDestinations) =>
        availableDestinations.Count switch
        {
            0 => null,
            1 => availableDestinations[0],
            _ => _rotations.GetValue(cluster, _newRotation).Pick(availableDestinations),
        };
}
