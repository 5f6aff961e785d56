namespace WebInfra.Topology.Model;

/// <summary>
/// A group of interchangeable servers that a balancer or web server spreads requests over: HAProxy's
/// <c>backend</c> section, YARP's cluster.
/// </summary>
/// <param name="Name">The backend's name, referred to by a component's <c>backend</c> key.</param>
/// <param name="Members">The components traffic is spread over.</param>
/// <param name="Algorithm">How the next member is chosen; one of <see cref="BalancingAlgorithms"/>.</param>
/// <param name="Health">How members are probed.</param>
/// <param name="Retry">Which failed requests are sent again to another member.</param>
/// <param name="Timeouts">How long connecting, waiting for a member and waiting for a client may take.</param>
/// <param name="Location">Where the backend is declared.</param>
public sealed record Backend(
    string Name,
    IReadOnlyList<BackendMember> Members,
    string Algorithm,
    HealthCheckSettings Health,
    RetrySettings Retry,
    BackendTimeouts Timeouts,
    SourceLocation Location)
{
    /// <summary>The members that take traffic while any of them is available.</summary>
    public IEnumerable<BackendMember> ActiveMembers => Members.Where(m => !m.Backup);
}
