namespace WebInfra.Topology.Faults;

/// <summary>
/// Traffic dropped between two hosts of a running site (<c>webinfra partition A B</c>), as a cut cable or a broken
/// switch port would: each side's packets for the other vanish, nothing is refused.
/// </summary>
/// <param name="From">A server's name, or <c>operator</c>.</param>
/// <param name="To">A server's name, or <c>operator</c>.</param>
/// <param name="OneWay">Only <paramref name="From"/>'s packets for <paramref name="To"/> are dropped; the other way still passes.</param>
public sealed record Partition(string From, string To, bool OneWay)
{
    /// <summary>Whether this partition is between <paramref name="a"/> and <paramref name="b"/>, in either order.</summary>
    public bool IsBetween(string a, string b) => (From == a && To == b) || (From == b && To == a);

    /// <summary>How <c>status</c> and the dashboard name it: <c>lb-01 ⇹ server-1</c>, or <c>lb-01 → server-1</c> one way.</summary>
    public override string ToString() => OneWay ? $"{From} → {To}" : $"{From} ⇹ {To}";
}
