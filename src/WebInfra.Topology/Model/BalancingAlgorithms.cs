namespace WebInfra.Topology.Model;

/// <summary>
/// The balancing algorithms a backend may name, in HAProxy's words (<c>balance roundrobin</c>), compared case-insensitively.
/// </summary>
public static class BalancingAlgorithms
{
    /// <summary>Each member in turn; the default, and right when members are alike and requests cost about the same.</summary>
    public const string RoundRobin = "roundrobin";

    /// <summary>Every algorithm a topology may name.</summary>
    public static IReadOnlyList<string> All { get; } = [RoundRobin];

    /// <summary>True when <paramref name="name"/> is a known algorithm.</summary>
    public static bool IsKnown(string name) => All.Contains(name, StringComparer.OrdinalIgnoreCase);
}
