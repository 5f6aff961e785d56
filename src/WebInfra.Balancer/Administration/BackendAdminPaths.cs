namespace WebInfra.Balancer.Administration;

/// <summary>The paths of a forwarding component's admin endpoints, shared by the server and its clients.</summary>
public static class BackendAdminPaths
{
    /// <summary>The backend's state as this component sees it.</summary>
    public const string Backend = "/backend";

    /// <summary>The route template of drain and undrain; a member's name is <c>server/kind</c>.</summary>
    internal const string MemberTemplate = Backend + "/members/{server}/{kind}/";

    /// <summary>Stops sending new requests to <paramref name="member"/> (<c>server/kind</c>).</summary>
    public static string Drain(string member) => $"{Backend}/members/{member}/drain";

    /// <summary>Sends requests to <paramref name="member"/> again.</summary>
    public static string Undrain(string member) => $"{Backend}/members/{member}/undrain";
}
