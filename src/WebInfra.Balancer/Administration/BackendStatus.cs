namespace WebInfra.Balancer.Administration;

/// <summary>
/// A backend as one forwarding component sees it at this moment (HAProxy's <c>show stat</c> for one backend):
/// two balancers may disagree about a member for a probe interval, so each reports its own view.
/// </summary>
/// <param name="Name">The backend's name in the topology.</param>
/// <param name="SeenBy">The component whose view this is.</param>
/// <param name="Algorithm">The balancing algorithm, in the topology's words.</param>
/// <param name="Members">Every member, in topology order.</param>
public sealed record BackendStatus(string Name, string SeenBy, string Algorithm, IReadOnlyList<MemberStatus> Members);
