using WebInfra.FunctionalTests.Infrastructure;

namespace WebInfra.FunctionalTests.App;

/// <summary>The same design on 127.0.22.x, for the tests that lose the primary while the monitor is stopped.</summary>
public sealed class PrimaryLossSiteFixture() : SiteFixture(TestTopologies.Monitored("127.0.22"));
