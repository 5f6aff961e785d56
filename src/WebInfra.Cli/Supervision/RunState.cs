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
}
