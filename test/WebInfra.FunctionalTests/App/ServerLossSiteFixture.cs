using WebInfra.FunctionalTests.Infrastructure;

namespace WebInfra.FunctionalTests.App;

/// <summary>
/// The default preset's design on 127.0.21.x (balancer and monitor on lb-01; server-1 and server-2 each a web server,
/// an application server and a database node, server-1's the primary), for the tests that kill a whole server.
/// </summary>
public sealed class ServerLossSiteFixture() : SiteFixture(TestTopologies.Monitored("127.0.21"));
