namespace WebInfra.Hosting.Reloading;

/// <summary>What <c>webinfra reload</c> asks of a component: apply the topology in this file.</summary>
/// <param name="Topology">The absolute path of the topology file, which the component loads and validates itself.</param>
public sealed record TopologyReloadRequest(string Topology);
