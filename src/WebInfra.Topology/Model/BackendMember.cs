namespace WebInfra.Topology.Model;

/// <summary>A reference from a backend to a component, kept with its location so a dangling one can be reported where it is written.</summary>
/// <param name="ComponentName">The component's name, <c>server/kind</c>.</param>
/// <param name="Location">Where the reference is written.</param>
public sealed record BackendMember(string ComponentName, SourceLocation Location);
