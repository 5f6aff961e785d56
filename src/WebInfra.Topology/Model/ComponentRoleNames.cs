namespace WebInfra.Topology.Model;

/// <summary>The words users read and write for roles and kinds; one table so the CLI, JSON output and topology files agree.</summary>
public static class ComponentRoleNames
{
    /// <summary>The name <c>status</c> prints for a role, e.g. <c>db-primary</c>.</summary>
    public static string ToName(this ComponentRole role) => role switch
    {
        ComponentRole.Balancer => "balancer",
        ComponentRole.Web => "web",
        ComponentRole.App => "app",
        ComponentRole.DatabasePrimary => "db-primary",
        ComponentRole.DatabaseReplica => "db-replica",
        ComponentRole.Monitor => "monitor",
        ComponentRole.Vrrp => "vrrp",
        ComponentRole.Dns => "dns",
        ComponentRole.Etcd => "etcd",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    /// <summary>The key a component kind has in a topology file, e.g. <c>db</c>.</summary>
    public static string ToKey(this ComponentKind kind) => kind switch
    {
        ComponentKind.Balancer => "balancer",
        ComponentKind.Web => "web",
        ComponentKind.App => "app",
        ComponentKind.Database => "db",
        ComponentKind.Monitor => "monitor",
        ComponentKind.Vrrp => "vrrp",
        ComponentKind.Dns => "dns",
        ComponentKind.Etcd => "etcd",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Every kind of component, declared or made from another section.</summary>
    public static IReadOnlyList<ComponentKind> AllKinds { get; } = Enum.GetValues<ComponentKind>();

    /// <summary>The kinds a server's <c>components</c> may declare: all but <see cref="ComponentKind.Vrrp"/>, which the <c>vips</c> section makes.</summary>
    public static IReadOnlyList<ComponentKind> DeclaredKinds { get; } = [.. AllKinds.Where(k => k != ComponentKind.Vrrp)];
}
