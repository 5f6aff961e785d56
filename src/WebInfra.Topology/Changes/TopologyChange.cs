using WebInfra.Topology.Model;

namespace WebInfra.Topology.Changes;

/// <summary>One difference between the running topology and the one a reload would apply.</summary>
/// <param name="Group">What it belongs to, as <c>diff</c> groups it: <c>servers</c>, <c>backend web</c>, <c>site</c>…</param>
/// <param name="Description">What changes, in the topology's words: <c>+ server-3/web</c>, <c>weight of server-1/web: 1 -> 3</c>.</param>
/// <param name="Effect">How a reload carries it out.</param>
/// <param name="Reason">For a refused change, why and what to do instead; otherwise null.</param>
/// <param name="Location">Where the change is written in the new file, or null for something removed from it.</param>
public sealed record TopologyChange(string Group, string Description, ChangeEffect Effect, string? Reason = null, SourceLocation? Location = null);
