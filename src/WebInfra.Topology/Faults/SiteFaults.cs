using System.Text.Json.Serialization;

namespace WebInfra.Topology.Faults;

/// <summary>
/// The faults set on a running site's network: what <c>status</c> lists and the dashboard reports, as the CLI last read
/// them from the kernel (<see cref="SiteFaultsFile"/>).
/// </summary>
/// <param name="Partitions">Every partition, each pair once.</param>
/// <param name="SlowLinks">Every slow link, one per host at most.</param>
public sealed record SiteFaults(
    [property: JsonPropertyName("partitions")] IReadOnlyList<Partition> Partitions,
    [property: JsonPropertyName("slow_links")] IReadOnlyList<SlowLink> SlowLinks)
{
    /// <summary>No fault.</summary>
    public static SiteFaults None { get; } = new([], []);

    /// <summary>Whether any fault is set.</summary>
    [JsonIgnore]
    public bool Any => Partitions.Count > 0 || SlowLinks.Count > 0;
}
