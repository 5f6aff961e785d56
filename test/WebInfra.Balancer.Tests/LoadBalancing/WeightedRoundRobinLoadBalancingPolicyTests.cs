using Microsoft.AspNetCore.Http;
using WebInfra.Balancer.LoadBalancing;
using Yarp.ReverseProxy.Model;
using static WebInfra.Balancer.Tests.LoadBalancing.TestDestinations;

namespace WebInfra.Balancer.Tests.LoadBalancing;

public sealed class WeightedRoundRobinLoadBalancingPolicyTests
{
    private readonly WeightedRoundRobinLoadBalancingPolicy _policy = new(NoSlowStart);
    private readonly ClusterState _cluster = new("web");

    [Fact]
    public void Equal_weights_alternate_exactly_like_YARP_RoundRobin()
    {
        var destinations = Create(1, 1);

        Assert.Equal(
            ["server-1/web", "server-2/web", "server-1/web", "server-2/web", "server-1/web", "server-2/web"],
            Picks(_policy, _cluster, destinations, 6));
    }

    [Fact]
    public void Three_equal_members_take_turns_in_list_order()
    {
        var destinations = Create(2, 2, 2);

        Assert.Equal(
            ["server-1/web", "server-2/web", "server-3/web", "server-1/web", "server-2/web", "server-3/web"],
            Picks(_policy, _cluster, destinations, 6));
    }

    [Fact]
    public void Weights_3_to_1_give_3_picks_to_1_in_every_4_interleaved()
    {
        var destinations = Create(3, 1);

        Assert.Equal(ThreeToOneTwice, Picks(_policy, _cluster, destinations, 8));
    }

    [Fact]
    public void Weights_5_1_1_follow_nginx_smooth_sequence()
    {
        var destinations = Create(5, 1, 1);

        // The sequence nginx documents for weights 5, 1, 1: a a b a c a a.
        Assert.Equal(
            ["server-1/web", "server-1/web", "server-2/web", "server-1/web", "server-3/web", "server-1/web", "server-1/web"],
            Picks(_policy, _cluster, destinations, 7));
    }

    [Fact]
    public void Every_cycle_is_exact_for_uneven_weights()
    {
        var destinations = Create(4, 2, 1);

        for (var cycle = 0; cycle < 10; cycle++)
        {
            var picks = Picks(_policy, _cluster, destinations, 7);
            Assert.Equal(4, picks.Count(p => p == "server-1/web"));
            Assert.Equal(2, picks.Count(p => p == "server-2/web"));
            Assert.Equal(1, picks.Count(p => p == "server-3/web"));
        }
    }

    [Fact]
    public void Each_cluster_keeps_its_own_rotation()
    {
        var web = Create(1, 1);
        var app = Create(1, 1);
        var other = new ClusterState("app");

        _policy.PickDestination(new DefaultHttpContext(), _cluster, web);

        Assert.Equal(["server-1/web", "server-2/web"], Picks(_policy, other, app, 2));
        Assert.Equal(["server-2/web", "server-1/web"], Picks(_policy, _cluster, web, 2));
    }

    [Fact]
    public void Concurrent_picks_stay_exact()
    {
        var destinations = Create(3, 1);
        var counts = new int[2];

        Parallel.For(0, 40_000, _ =>
        {
            var picked = _policy.PickDestination(new DefaultHttpContext(), _cluster, destinations)!;
            Interlocked.Increment(ref counts[picked == destinations[0] ? 0 : 1]);
        });

        Assert.Equal([30_000, 10_000], counts);
    }

    [Fact]
    public void No_destination_gives_null()
    {
        Assert.Null(_policy.PickDestination(new DefaultHttpContext(), _cluster, []));
    }
}
