using System.Runtime.CompilerServices;
using Yarp.ReverseProxy.Model;

namespace WebInfra.Balancer.LoadBalancing;

/// <summary>
/// nginx's smooth weighted round robin for one cluster: every pick adds each candidate's weight to its running value,
/// takes the candidate with the highest value (the first on a tie) and subtracts the candidates' total weight from it.
/// Weights 3:1 give exactly three picks to one in every four, spread out (a, a, b, a) rather than bunched;
/// equal weights alternate in list order, exactly as YARP's RoundRobin does. Weights are those of
/// <see cref="SlowStart"/>, so a member in its slow start gets a share that grows with its weight.
/// </summary>
internal sealed class SmoothWeightedRoundRobin(ClusterState cluster, SlowStart slowStart)
{
    private readonly Lock _lock = new();

    // A destination belongs to one cluster, so keying on it keeps the values per cluster; a removed destination's entry
    // goes with it.
    private readonly ConditionalWeakTable<DestinationState, StrongBox<long>> _current = [];

    /// <summary>Picks among all of <paramref name="destinations"/>.</summary>
    public DestinationState? Pick(IReadOnlyList<DestinationState> destinations) =>
        Pick(destinations, 0, static (_, _) => true);

    /// <summary>
    /// Picks among the destinations for which <paramref name="isCandidate"/> holds; null when none does. The state
    /// argument lets callers pass a static lambda, so a pick allocates nothing.
    /// </summary>
    public DestinationState? Pick<TState>(IReadOnlyList<DestinationState> destinations, TState state, Func<DestinationState, TState, bool> isCandidate)
    {
        lock (_lock)
        {
            DestinationState? best = null;
            StrongBox<long>? bestCurrent = null;
            var total = 0L;
            for (var i = 0; i < destinations.Count; i++)
            {
                var destination = destinations[i];
                if (!isCandidate(destination, state))
                {
                    continue;
                }

                var weight = slowStart.WeightOf(cluster, destination);
                var current = _current.GetValue(destination, static _ => new StrongBox<long>());
                current.Value += weight;
                total += weight;
                if (bestCurrent is null || current.Value > bestCurrent.Value)
                {
                    (best, bestCurrent) = (destination, current);
                }
            }

            if (bestCurrent is not null)
            {
                bestCurrent.Value -= total;
            }

            return best;
        }
    }
}
