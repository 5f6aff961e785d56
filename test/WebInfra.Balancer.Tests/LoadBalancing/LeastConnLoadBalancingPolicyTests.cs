using Microsoft.AspNetCore.Http;
using WebInfra.Balancer.LoadBalancing;
using Yarp.ReverseProxy.Model;
using static WebInfra.Balancer.Tests.LoadBalancing.TestDestinations;

namespace WebInfra.Balancer.Tests.LoadBalancing;

public sealed class LeastConnLoadBalancingPolicyTests
{
    private readonly LeastConnLoadBalancingPolicy _policy = new(NoSlowStart);
    private readonly ClusterState _cluster = new("app");

    [Fact]
    public void Picks_the_destination_with_fewest_requests_in_flight()
    {
        var destinations = Create(1, 1, 1);
        SetInFlight(destinations, 5, 2, 7);

        Assert.Equal(["server-2/web", "server-2/web"], Picks(_policy, _cluster, destinations, 2));
    }

    [Fact]
    public void Weight_divides_the_count()
    {
        var destinations = Create(4, 1);

        // 6 / 4 = 1.5 in flight per unit of weight, against 2 / 1 = 2.
        SetInFlight(destinations, 6, 2);
        Assert.Same(destinations[0], Pick(destinations));

        // 9 / 4 = 2.25 against 2.
        SetInFlight(destinations, 9, 2);
        Assert.Same(destinations[1], Pick(destinations));
    }

    [Fact]
    public void Equally_loaded_destinations_take_turns_by_weight()
    {
        var destinations = Create(3, 1);

        Assert.Equal(ThreeToOneTwice, Picks(_policy, _cluster, destinations, 8));
    }

    [Fact]
    public void Ties_rotate_only_among_the_least_loaded()
    {
        var destinations = Create(1, 1, 1);
        SetInFlight(destinations, 1, 4, 1);

        Assert.Equal(["server-1/web", "server-3/web", "server-1/web", "server-3/web"], Picks(_policy, _cluster, destinations, 4));
    }

    [Fact]
    public void No_destination_gives_null()
    {
        Assert.Null(Pick([]));
    }

    private DestinationState? Pick(IReadOnlyList<DestinationState> destinations) => _policy.PickDestination(new DefaultHttpContext(), _cluster, destinations);

    private static void SetInFlight(DestinationState[] destinations, params int[] counts)
    {
        for (var i = 0; i < counts.Length; i++)
        {
            destinations[i].ConcurrentRequestCount = counts[i];
        }
    }
}
