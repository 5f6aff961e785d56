namespace WebInfra.Monitoring.Sampling;

/// <summary>The part of a forwarding component's <c>GET /backend</c> the dashboard reads: each member's state as that component sees it.</summary>
/// <param name="Name">The backend's name.</param>
/// <param name="SeenBy">The component whose view this is.</param>
/// <param name="Members">Every member, in topology order.</param>
internal sealed record BackendView(string Name, string SeenBy, IReadOnlyList<BackendMemberView> Members);
