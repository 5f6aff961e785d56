namespace WebInfra.Topology.Model;

/// <summary>The words a topology file uses for <see cref="HostKind"/>; one table so reading and writing agree.</summary>
public static class HostKindNames
{
    /// <summary>The value <c>hosts</c> takes in a topology file for <paramref name="kind"/>, e.g. <c>namespaces</c>.</summary>
    public static string ToKey(this HostKind kind) => kind switch
    {
        HostKind.Loopback => "loopback",
        HostKind.Namespaces => "namespaces",
        HostKind.Ssh => "ssh",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
