using WebInfra.FunctionalTests.Infrastructure;

namespace WebInfra.FunctionalTests.Monitoring;

/// <summary>
/// A small whole site on 127.0.11.x for the metrics tests: a balancer and the database monitor on lb-01, and two
/// servers each running a web server, an application server and a database node (server-1's the primary). Fast
/// health checks, so a killed member is down within half a second.
/// </summary>
public sealed class MetricsSiteFixture() : SiteFixture(Topology)
{
    private static readonly string Topology = TestTopologies.Monitored("127.0.11");

    /// <summary>The site's public address, through the balancer.</summary>
    public static Uri Balancer { get; } = new("http://127.0.11.10:18080/");

    /// <summary>The admin listener (port + 1000) of a component of the topology above.</summary>
    public static Uri Admin(string component) => component switch
    {
        "lb-01/balancer" => new("http://127.0.11.10:19080/"),
        "lb-01/monitor" => new("http://127.0.11.10:19090/"),
        "server-1/web" => new("http://127.0.11.1:19081/"),
        "server-2/web" => new("http://127.0.11.2:19081/"),
        "server-1/app" => new("http://127.0.11.1:19082/"),
        "server-2/app" => new("http://127.0.11.2:19082/"),
        _ => throw new ArgumentOutOfRangeException(nameof(component), component, "not an HTTP component of the metrics site"),
    };
}
