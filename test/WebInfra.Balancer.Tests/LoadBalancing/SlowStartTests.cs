using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using WebInfra.Balancer.Health;
using WebInfra.Balancer.LoadBalancing;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.LoadBalancing;
using Yarp.ReverseProxy.Model;
using static WebInfra.Balancer.Tests.LoadBalancing.TestDestinations;

namespace WebInfra.Balancer.Tests.LoadBalancing;

public sealed class SlowStartTests
{
    private static readonly TimeSpan s_slowStart = TimeSpan.FromSeconds(10);

    private readonly FakeTimeProvider _time = new();
    private readonly MemberEntries _entries;
    private readonly SlowStart _slowStart;

    public SlowStartTests()
    {
        _entries = new MemberEntries(_time);
        _slowStart = new SlowStart(_entries, _time);
    }

    public static TheoryData<string> Algorithms => [BalancingPolicies.RoundRobin, BalancingPolicies.LeastConn];

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void A_member_added_to_a_running_backend_gets_a_share_that_ramps_up_to_its_full_one(string algorithm)
    {
        var policy = Policy(algorithm);
        var cluster = Cluster(s_slowStart, "server-1/web", "server-2/web");
        var added = Add(cluster, "server-3/web");
        _entries.OnClusterChanged(cluster);

        var shares = new List<int>();
        foreach (var at in new[] { 0.5, 2.5, 5, 7.5, 10 })
        {
            _time.SetUtcNow(_time.Start + TimeSpan.FromSeconds(at));
            shares.Add(Picks(policy, cluster, [.. cluster.Destinations.Values], 300).Count(id => id == added.DestinationId));
        }

        // Out of 300 picks among weights 1, 1 and the ramp: 1/41 of them at 0.5 s, 1/9 at 2.5 s, 1/5 at 5 s, 3/11 at 7.5 s, 1/3 once the ramp is over.
        Assert.Equal([.. shares.Order()], shares);
        Assert.InRange(shares[0], 0, 10);
        Assert.InRange(shares[2], 55, 65);
        Assert.InRange(shares[^1], 99, 101);
    }

    [Fact]
    public void Members_a_backend_starts_with_have_their_full_weight_at_once()
    {
        var cluster = Cluster(s_slowStart, "server-1/web", "server-2/web");

        Assert.All(cluster.Destinations.Values, d => Assert.Equal(SlowStart.Scale, _slowStart.WeightOf(cluster, d)));
    }

    [Fact]
    public void A_member_back_after_being_down_ramps_from_almost_nothing()
    {
        var cluster = Cluster(s_slowStart, "server-1/web", "server-2/web");
        var back = cluster.Destinations["server-2/web"];

        _entries.Entered(back);
        Assert.Equal(1, _slowStart.WeightOf(cluster, back));

        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(SlowStart.Scale / 2, _slowStart.WeightOf(cluster, back));

        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(SlowStart.Scale, _slowStart.WeightOf(cluster, back));
    }

    [Fact]
    public void Without_a_slow_start_an_added_member_has_its_full_weight_at_once()
    {
        var cluster = Cluster(TimeSpan.Zero, "server-1/web");
        var added = Add(cluster, "server-2/web");
        _entries.OnClusterChanged(cluster);

        Assert.Equal(SlowStart.Scale, _slowStart.WeightOf(cluster, added));
    }

    private ILoadBalancingPolicy Policy(string algorithm) => algorithm == BalancingPolicies.RoundRobin
        ? new WeightedRoundRobinLoadBalancingPolicy(_slowStart)
        : new LeastConnLoadBalancingPolicy(_slowStart);

    /// <summary>A cluster as YARP builds it from configuration, added (the balancer started) with <paramref name="members"/>.</summary>
    private ClusterState Cluster(TimeSpan slowStart, params string[] members)
    {
        var config = new ClusterConfig
        {
            ClusterId = "web",
            Metadata = new Dictionary<string, string> { [SlowStart.MetadataKey] = ((long)slowStart.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) },
        };
        var cluster = new ClusterState("web", new ClusterModel(config, new HttpMessageInvoker(new SocketsHttpHandler())));
        foreach (var member in members)
        {
            Add(cluster, member);
        }

        _entries.OnClusterAdded(cluster);
        return cluster;
    }

    private static DestinationState Add(ClusterState cluster, string id) => cluster.Destinations[id] = Create(id, 1);
}
