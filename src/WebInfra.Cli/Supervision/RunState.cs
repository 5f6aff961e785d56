using System.Text.Json.Serialization;
using WebInfra.Hosts;

namespace WebInfra.Cli.Supervision;

/// <summary>What <c>up</c> started, kept in <c>.webinfra/state.json</c> so later commands find the same processes.</summary>
internal sealed class RunState
{
    /// <summary>Absolute path of the topology that was brought up.</summary>
    public required string Topology { get; init; }

    /// <summary>The kind of host the site's servers run on (<see cref="IHostDriver.Name"/>), so <c>down</c> stops them the same way.</summary>
    public string Hosts { get; init; } = HostDrivers.Default;

    /// <summary>The process of each node, by node name.</summary>
    public Dictionary<string, NodeProcess> Nodes { get; init; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The process a restart is replacing, by node name, until it has exited: the node's new process is in
    /// <see cref="Nodes"/> from its start, so <c>down</c> stops both whenever the restart is interrupted.
    /// </summary>
    public Dictionary<string, NodeProcess> Replaced { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Every process recorded, each with its node's name: the nodes', then those being replaced.</summary>
    [JsonIgnore]
    public IEnumerable<KeyValuePair<string, NodeProcess>> Processes => Nodes.Concat(Replaced);
}
