using WebInfra.Balancer.LoadBalancing;
using static WebInfra.Balancer.Tests.LoadBalancing.TestDestinations;

namespace WebInfra.Balancer.Tests.LoadBalancing;

public sealed class BalancingPoliciesTests
{
    [Theory]
    [InlineData("roundrobin", BalancingPolicies.RoundRobin)]
    [InlineData("leastconn", BalancingPolicies.LeastConn)]
    [InlineData("source", BalancingPolicies.Source)]
    [InlineData("LeastConn", BalancingPolicies.LeastConn)]
    [InlineData("SOURCE", BalancingPolicies.Source)]
    public void HAProxy_words_map_to_policies_case_insensitively(string algorithm, string policy)
    {
        Assert.Equal(policy, BalancingPolicies.ForAlgorithm(algorithm));
    }

    [Fact]
    public void Unknown_word_is_refused_naming_the_known_ones()
    {
        var exception = Assert.Throws<ArgumentException>(() => BalancingPolicies.ForAlgorithm("first"));

        Assert.Contains("roundrobin, leastconn, source", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_algorithm_has_a_policy_with_that_name()
    {
        Assert.Equal(
            [BalancingPolicies.RoundRobin, BalancingPolicies.LeastConn, BalancingPolicies.Source],
            [new WeightedRoundRobinLoadBalancingPolicy(NoSlowStart).Name, new LeastConnLoadBalancingPolicy(NoSlowStart).Name, new SourceHashLoadBalancingPolicy().Name]);
    }
}
