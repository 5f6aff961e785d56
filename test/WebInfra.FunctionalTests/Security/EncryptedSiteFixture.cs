using System.Net;
using WebInfra.FunctionalTests.Infrastructure;
using WebInfra.Topology.Loading;

namespace WebInfra.FunctionalTests.Security;

/// <summary>
/// A site with <c>tls.internal</c> and <c>database.tls</c> on these tests' own addresses (127.0.18.x): the balancer
/// (plain HTTP for visitors, 18080) forwards over HTTPS to two web servers (18081), which forward over HTTPS to two
/// application servers (18082); the application, the monitor and the replica reach the database nodes (13306) over
/// TLS verified against the internal CA that <c>up</c> made.
/// </summary>
public sealed class EncryptedSiteFixture() : SiteFixture(s_topology)
{
    public const string Collection = "encrypted site";

    public static readonly Uri Balancer = new("http://127.0.18.10:18080");

    /// <summary>The monitored distributed design, with both encryption settings on.</summary>
    private static readonly string s_topology = TestTopologies.Monitored("127.0.18") + "\n  tls: true\ntls:\n  internal: true\n";

    /// <summary>The internal CA <c>up</c> made for the site.</summary>
    public string AuthorityPath => Path.Combine(Site.StateDirectory, "tls", "internal", "ca.pem");

    /// <summary>The public listener of <paramref name="component"/> (<c>server-1/web</c>).</summary>
    public IPEndPoint EndPointOf(string component) => TopologyLoader.Load(Site.TopologyPath).FindComponent(component)!.EndPoint;
}
