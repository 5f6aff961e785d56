using Yarp.ReverseProxy.LoadBalancing;
using WebInfra.Topology.Model;

namespace WebInfra.Balancer.LoadBalancing;

/// <summary>
/// Maps the algorithm words users write in a topology (HAProxy's) to the YARP policy that implements each,
/// case-insensitively. Every backend names its policy explicitly, so YARP's own default never applies by accident.
/// </summary>
public static class BalancingPolicies
{
    private static readonly Dictionary<string, string> s_policies = new(StringComparer.OrdinalIgnoreCase)
    {
        [BalancingAlgorithms.RoundRobin] = LoadBalancingPolicies.RoundRobin,
    };

    /// <summary>The YARP policy name for a topology algorithm.</summary>
    /// <exception cref="ArgumentException">The algorithm is unknown; topology validation rejects such files first.</exception>
    public static string ForAlgorithm(string algorithm) =>
        s_policies.TryGetValue(algorithm, out var policy)
            ? policy
            : throw new ArgumentException($"unknown balancing algorithm '{algorithm}'; known: {string.Join(", ", s_policies.Keys)}", nameof(algorithm));
}
