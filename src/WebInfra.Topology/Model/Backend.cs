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
    /// <summary>The longest <see cref="SlowStart"/> accepted.</summary>
    public static readonly TimeSpan MaximumSlowStart = TimeSpan.FromHours(1);

    /// <summary>
    /// How long a member that enters (added to a running site, or back after being down) takes to reach its full weight:
    /// its weight ramps up linearly from almost nothing over this time, so a cold process is not flooded. Zero (the
    /// default, as HAProxy's) gives a member its full weight at once. HAProxy: <c>slowstart</c>.
    /// </summary>
    public TimeSpan SlowStart { get; init; }

    /// <summary>The members that take traffic while any of them is available.</summary>
    public IEnumerable<BackendMember> ActiveMembers => Members.Where(m => !m.Backup);
}
