namespace WebInfra.Hosting.Reloading;

/// <summary>The path of the reload endpoint every component's admin listener serves, shared by the server and its clients.</summary>
public static class TopologyAdminPaths
{
    /// <summary><c>POST</c> with a <see cref="TopologyReloadRequest"/>: re-reads the topology file it names and applies it.</summary>
    public const string Reload = "/topology/reload";
}
