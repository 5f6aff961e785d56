using WebInfra.Topology.Model;

namespace WebInfra.Cli.Supervision;

/// <summary>One node's line in <c>status</c>.</summary>
internal sealed record NodeStatus(Component Component, int? Pid, NodeState State);
