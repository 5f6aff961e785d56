namespace WebInfra.Monitoring.Sampling;

/// <summary>One member in <see cref="BackendView"/>.</summary>
/// <param name="Name">The member component, <c>server/kind</c>.</param>
/// <param name="State">In HAProxy's words: <c>UP</c>, <c>DOWN</c>, <c>DRAIN</c>, or <c>BACKUP</c> for an idle backup.</param>
internal sealed record BackendMemberView(string Name, string State);
