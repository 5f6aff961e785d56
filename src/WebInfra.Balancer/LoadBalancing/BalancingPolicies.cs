using WebInfra.Topology.Model;

namespace WebInfra.Balancer.LoadBalancing;

/// <summary>
/// Maps the algorithm words users write in a topology (HAProxy's) to the YARP policy that implements each,
/// case-insensitively. Every backend names its policy explicitly, so YARP's own default never applies by accident.
/// </summary>
public static class BalancingPolicies
{
    /// <summary>
    /// HAProxy's <c>roundrobin</c>: smooth weighted round robin. It replaces YARP's RoundRobin, which knows no weights,
    /// and alternates exactly like it when weights are equal.
    /// </summary>
    public const string RoundRobin = "WebInfra.RoundRobin";

    /// <summary>HAProxy's <c>leastconn</c>: fewest requests in flight per unit of weight; for requests of very different cost.</summary>
    public const string LeastConn = "WebInfra.LeastConn";

    /// <summary>HAProxy's <c>source</c>: weighted rendezvous hashing of the client's address; for members that keep per-client state.</summary>
    public const string Source = "WebInfra.Source";

    private static readonly Dictionary<string, string> s_policies = new(StringComparer.OrdinalIgnoreCase)
    {
        [BalancingAlgorithms.RoundRobin] = RoundRobin,
        [BalancingAlgorithms.LeastConn] = LeastConn,
        [BalancingAlgorithms.Source] = Source,
    };

    /// <summary>The YARP policy name for a topology algorithm.</summary>
    /// <exception cref="ArgumentException">The algorithm is unknown; topology validation rejects such files first.</exception>
    public static string ForAlgorithm(string algorithm) =>
        s_policies.TryGetValue(algorithm, out var policy)
            ? policy
            : throw new ArgumentException($"unknown balancing algorithm '{algorithm}'; known: {string.Join(", ", s_policies.Keys)}", nameof(algorithm));
}
