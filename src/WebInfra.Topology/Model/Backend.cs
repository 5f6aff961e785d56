namespace WebInfra.Topology.Model;

/// <summary>
/// A group of interchangeable servers that a balancer or web server spreads requests over: HAProxy's
/// <c>backend</c> section, YARP's cluster.
/// </summary>
/// <param name="Name">The backend's name, referred to by a component's <c>backend</c> key.</param>
/// <param name="Members">The components traffic is spread over.</param>
/// <param name="Algorithm">How the next member is chosen; one of <see cref="BalancingAlgorithms"/>.</param>
/// <param name="Health">How members are probed.</param>
/// <param name="Location">Where the backend is declared.</param>
public sealed record Backend(string Name, IReadOnlyList<BackendMember> Members, string Algorithm, HealthCheckSettings Health, SourceLocation Location);
