using System.Net;
using WebInfra.Balancer.LoadBalancing;
using Yarp.ReverseProxy.Model;
using static WebInfra.Balancer.Tests.LoadBalancing.TestDestinations;

namespace WebInfra.Balancer.Tests.LoadBalancing;

public sealed class SourceHashLoadBalancingPolicyTests
{
    private const int ClientCount = 10_000;

    private static readonly IPAddress[] s_clients = SeededClients(ClientCount);

    private readonly ClusterState _cluster = new("web");

    [Fact]
    public void Same_client_gets_the_same_destination_on_every_call()
    {
        var policy = new SourceHashLoadBalancingPolicy();
        var destinations = Create(1, 1, 1, 1);

        foreach (var client in s_clients.Take(100))
        {
            var first = Pick(policy, destinations, client);
            Assert.All(Enumerable.Range(0, 5), _ => Assert.Same(first, Pick(policy, destinations, client)));
        }
    }

    [Fact]
    public void Another_instance_with_other_destination_objects_agrees()
    {
        // As a second balancer, or this one after a restart, would see it.
        var before = Assign(new SourceHashLoadBalancingPolicy(), Create(1, 1, 1, 1));
        var after = Assign(new SourceHashLoadBalancingPolicy(), Create(1, 1, 1, 1));

        Assert.Equal(before, after);
    }

    [Theory]
    [InlineData("203.0.113.7", "server-4/web")]
    [InlineData("198.51.100.23", "server-3/web")]
    [InlineData("2001:db8::1", "server-1/web")]
    public void Assignment_is_stable_across_processes_and_releases(string client, string expected)
    {
        // Pinned from the first implementation: a change here would move every client of every site on upgrade.
        var picked = Pick(new SourceHashLoadBalancingPolicy(), Create(1, 1, 1, 1), IPAddress.Parse(client));

        Assert.Equal(expected, picked.DestinationId);
    }

    [Fact]
    public void IPv4_client_seen_through_a_dual_mode_listener_gets_the_same_destination()
    {
        var policy = new SourceHashLoadBalancingPolicy();
        var destinations = Create(1, 1, 1, 1);

        Assert.All(s_clients.Take(100), client => Assert.Same(Pick(policy, destinations, client), Pick(policy, destinations, client.MapToIPv6())));
    }

    [Fact]
    public void Removing_one_of_four_destinations_moves_only_its_clients()
    {
        var policy = new SourceHashLoadBalancingPolicy();
        var destinations = Create(1, 1, 1, 1);
        var before = Assign(policy, destinations);

        var after = Assign(policy, [destinations[0], destinations[1], destinations[3]]);

        var moved = Enumerable.Range(0, ClientCount).Where(i => before[i] != after[i]).ToList();
        var wereOnRemoved = Enumerable.Range(0, ClientCount).Where(i => before[i] == "server-3/web").ToList();
        Assert.Equal(wereOnRemoved, moved);
        Assert.InRange(moved.Count, ClientCount / 4 * 0.85, ClientCount / 4 * 1.15);
    }

    [Fact]
    public void Equal_weights_share_clients_evenly()
    {
        var counts = Count(Assign(new SourceHashLoadBalancingPolicy(), Create(1, 1, 1, 1)));

        Assert.Equal(4, counts.Count);
        Assert.All(counts.Values, count => Assert.InRange(count, ClientCount / 4 * 0.85, ClientCount / 4 * 1.15));
    }

    [Fact]
    public void Clients_are_shared_in_proportion_to_weight()
    {
        int[] weights = [1, 2, 3, 4];
        var counts = Count(Assign(new SourceHashLoadBalancingPolicy(), Create(weights)));

        for (var i = 0; i < weights.Length; i++)
        {
            var fair = ClientCount * weights[i] / (double)weights.Sum();
            Assert.InRange(counts[$"server-{i + 1}/web"], fair * 0.85, fair * 1.15);
        }
    }

    [Fact]
    public void No_destination_gives_null()
    {
        Assert.Null(new SourceHashLoadBalancingPolicy().PickDestination(From(IPAddress.Loopback), _cluster, []));
    }

    private DestinationState Pick(SourceHashLoadBalancingPolicy policy, IReadOnlyList<DestinationState> destinations, IPAddress client) =>
        policy.PickDestination(From(client), _cluster, destinations)!;

    private string[] Assign(SourceHashLoadBalancingPolicy policy, IReadOnlyList<DestinationState> destinations) =>
        [.. s_clients.Select(client => Pick(policy, destinations, client).DestinationId)];

    private static Dictionary<string, int> Count(string[] assignment) =>
        assignment.GroupBy(id => id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    private static IPAddress[] SeededClients(int count)
    {
        var random = new Random(20240601);
        var bytes = new byte[4];
        return [.. Enumerable.Range(0, count).Select(_ =>
        {
            random.NextBytes(bytes);
            return new IPAddress(bytes);
        })];
    }
}
