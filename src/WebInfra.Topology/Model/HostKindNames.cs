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

    /// <summary>Every host kind a topology file may name, the default first.</summary>
    public static IReadOnlyList<HostKind> AllKinds { get; } = Enum.GetValues<HostKind>();

    /// <summary>The host kind whose key is <paramref name="key"/> (ignoring case), or null.</summary>
    public static HostKind? FromKey(string key) =>
        AllKinds.Cast<HostKind?>().FirstOrDefault(k => string.Equals(k!.Value.ToKey(), key, StringComparison.OrdinalIgnoreCase));
}
