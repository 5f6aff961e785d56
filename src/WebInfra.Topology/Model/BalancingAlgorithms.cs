namespace WebInfra.Topology.Model;

/// <summary>
/// The balancing algorithms a backend may name, in HAProxy's words (<c>balance roundrobin</c>), compared case-insensitively.
/// Each one honours the members' weights.
/// </summary>
public static class BalancingAlgorithms
{
    /// <summary>Each member in turn, in proportion to its weight; the default, and right when requests cost about the same.</summary>
    public const string RoundRobin = "roundrobin";

    /// <summary>The member with the fewest requests in flight per unit of weight; right when requests vary a lot in cost.</summary>
    public const string LeastConn = "leastconn";

    /// <summary>
    /// A hash of the client's address picks the member, so a client keeps its member while the members do not change;
    /// right when members keep per-client state.
    /// </summary>
    public const string Source = "source";

    /// <summary>Every algorithm a topology may name.</summary>
    public static IReadOnlyList<string> All { get; } = [RoundRobin, LeastConn, Source];

    /// <summary>True when <paramref name="name"/> is a known algorithm.</summary>
    public static bool IsKnown(string name) => All.Contains(name, StringComparer.OrdinalIgnoreCase);
}
