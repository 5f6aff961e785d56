namespace WebInfra.Topology.Model;

/// <summary>
/// An opening a server needs beyond the ones WebInfra derives from the topology: a port, and who may connect to it
/// (<c>any</c>, <c>operators</c>, a server, a tier such as <c>web</c>, a component such as <c>server-1/app</c>, an
/// address or an address range).
/// </summary>
/// <param name="Port">The TCP port opened.</param>
/// <param name="Sources">Who may connect, as written; <see cref="Firewall.FirewallSources"/> resolves them.</param>
/// <param name="Location">Where the rule is written.</param>
public sealed record FirewallRule(int Port, IReadOnlyList<string> Sources, SourceLocation Location);
