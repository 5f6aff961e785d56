using System.IO.Hashing;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.LoadBalancing;
using Yarp.ReverseProxy.Model;

namespace WebInfra.Balancer.LoadBalancing;

/// <summary>
/// HAProxy's <c>balance source</c>: the client's address picks the destination, by weighted rendezvous (highest
/// random weight) hashing. Each destination scores the client independently of the others, so removing one of N
/// destinations moves only the clients that were on it, and adding one takes clients only in proportion to its weight.
/// </summary>
internal sealed class SourceHashLoadBalancingPolicy : ILoadBalancingPolicy
{
    /// <summary>2^-53: turns the top 53 bits of a hash into a double in [0, 1).</summary>
    private const double UnitScale = 1.0 / (1UL << 53);

    private readonly ConditionalWeakTable<DestinationState, StrongBox<long>> _seeds = [];

    public string Name => BalancingPolicies.Source;

    public DestinationState? PickDestination(HttpContext context, ClusterState cluster, IReadOnlyList<DestinationState> availableDestinations)
    {
        if (availableDestinations.Count <= 1)
        {
            return availableDestinations.Count == 0 ? null : availableDestinations[0];
        }

        Span<byte> buffer = stackalloc byte[16];
        var client = context.Connection.RemoteIpAddress ?? IPAddress.IPv6None;
        client.TryWriteBytes(buffer, out var length);
        // A dual-mode listener reports IPv4 clients as ::ffff:a.b.c.d; hash the IPv4 bytes so both listeners agree.
        var key = client.IsIPv4MappedToIPv6 ? buffer[12..length] : buffer[..length];

        DestinationState? best = null;
        var bestScore = double.NegativeInfinity;
        for (var i = 0; i < availableDestinations.Count; i++)
        {
            var destination = availableDestinations[i];
            var seed = _seeds.GetValue(destination, static d => new(SeedOf(d.DestinationId))).Value;
            var score = Score(XxHash64.HashToUInt64(key, seed), DestinationWeights.Of(destination));
            if (score > bestScore)
            {
                (best, bestScore) = (destination, score);
            }
        }

        return best;
    }

    /// <summary>
    /// Weighted rendezvous score, -weight / ln(u) with u the hash mapped into (0, 1): the chance a destination scores
    /// highest is its share of the total weight. With equal weights it orders destinations as the raw hashes do.
    /// </summary>
    internal static double Score(ulong hash, int weight)
    {
        var unit = ((hash >> 11) + 0.5) * UnitScale;
        return -weight / Math.Log(unit);
    }

    /// <summary>
    /// XxHash64 of the destination id: stable across processes and releases (string.GetHashCode is not), so two
    /// balancers of one site, or one restarted, send a client to the same destination.
    /// </summary>
    private static long SeedOf(string destinationId) => unchecked((long)XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(destinationId)));
}
