using WebInfra.FunctionalTests.Infrastructure;

namespace WebInfra.FunctionalTests.Security;

/// <summary>
/// A monitored distributed site (balancer, two web and two application servers, primary and replica, the monitor and
/// its dashboard) on addresses of these tests' own (127.0.26.x), for the admin listeners' and the dashboard's
/// authentication.
/// </summary>
public sealed class AdminAuthenticationSiteFixture() : SiteFixture(TestTopologies.Monitored(Network))
{
    public const string Network = "127.0.26";

    public static Uri BalancerAdmin { get; } = new($"http://{Network}.10:19080/");

    public static Uri MonitorAdmin { get; } = new($"http://{Network}.10:19090/");

    public static Uri Dashboard { get; } = new($"http://{Network}.10:18090/");

    public static Uri Balancer { get; } = new($"http://{Network}.10:18080/");

    /// <summary>Every admin listener of the site, by component.</summary>
    public static IReadOnlyDictionary<string, Uri> AdminListeners { get; } = new Dictionary<string, Uri>
    {
        ["lb-01/balancer"] = BalancerAdmin,
        ["lb-01/monitor"] = MonitorAdmin,
        ["server-1/web"] = new($"http://{Network}.1:19081/"),
        ["server-2/web"] = new($"http://{Network}.2:19081/"),
        ["server-1/app"] = new($"http://{Network}.1:19082/"),
        ["server-2/app"] = new($"http://{Network}.2:19082/"),
    };
}
