using WebInfra.Topology.Model;

namespace WebInfra.Cli.Supervision;

/// <summary>One node's line in <c>status</c>.</summary>
internal sealed record NodeStatus(Component Component, int? Pid, NodeState State)
{
    /// <summary>The role it plays now: the topology's, except for database nodes, whose role follows failovers and switchovers.</summary>
    public ComponentRole Role { get; init; } = Component.Role;
}
