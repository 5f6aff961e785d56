using WebInfra.FunctionalTests.Infrastructure;

namespace WebInfra.FunctionalTests.Monitoring;

/// <summary>
/// A distributed site with a monitor, whose public port serves the dashboard, on addresses of these tests' own
/// (127.0.13.x): a balancer, two web and two application servers, a primary and a replica.
/// </summary>
public sealed class DashboardSite() : SiteFixture(Topology)
{
    public static readonly IReadOnlyList<string> Components =
        ["lb-01/balancer", "lb-01/monitor", "server-1/web", "server-1/app", "server-1/db", "server-2/web", "server-2/app", "server-2/db"];

    private static readonly string Topology = TestTopologies.Monitored("127.0.13");
}
