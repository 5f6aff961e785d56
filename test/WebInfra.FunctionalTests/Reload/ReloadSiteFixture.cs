using WebInfra.FunctionalTests.Infrastructure;

namespace WebInfra.FunctionalTests.Reload;

/// <summary>
/// A site on these tests' own addresses (127.0.48.x) with two web and application servers behind one balancer, and the files its reloads
/// apply: server-3 with a third web server added, the web backend re-weighted, and changes a reload refuses.
/// </summary>
public sealed class ReloadSiteFixture() : SiteFixture(Topology)
{
    public static readonly Uri BalancerAdmin = new("http://127.0.48.10:19080");

    /// <summary>The tests' usual two-server design (<see cref="TestTopologies.Distributed"/>) on these tests' addresses.</summary>
    public static readonly string Topology = TestTopologies.Distributed.Replace("127.0.2.", "127.0.48.", StringComparison.Ordinal);

    /// <summary>The site with server-3 and its web server, a member of the web backend.</summary>
    public static readonly string WithServer3 = Topology
        .Replace("""
        backends:
        """, """
          server-3:
            address: 127.0.48.3
            components:
              web: { port: 18081, backend: app }
        backends:
        """, StringComparison.Ordinal)
        .Replace("members: [server-1/web, server-2/web]", "members: [server-1/web, server-2/web, server-3/web]", StringComparison.Ordinal);

    /// <summary>The site with server-1's web server at weight 3.</summary>
    public static readonly string Reweighted = Topology.Replace(
        "members: [server-1/web, server-2/web]", "members: [{ component: server-1/web, weight: 3 }, server-2/web]", StringComparison.Ordinal);

    /// <summary>Writes <paramref name="yaml"/> beside the site's topology as <paramref name="name"/> and returns its path.</summary>
    internal string Write(string name, string yaml)
    {
        var path = Path.Combine(Path.GetDirectoryName(Site.TopologyPath)!, name);
        File.WriteAllText(path, yaml.Replace("{site}", Repository.SiteFiles, StringComparison.Ordinal));
        return path;
    }
}
