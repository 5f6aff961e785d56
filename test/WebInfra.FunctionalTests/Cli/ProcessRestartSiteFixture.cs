using WebInfra.FunctionalTests.Infrastructure;

namespace WebInfra.FunctionalTests.Cli;

/// <summary>The distributed design with a monitor on these tests' own addresses (127.0.47.x), for <c>webinfra restart</c>.</summary>
public sealed class ProcessRestartSiteFixture() : SiteFixture(TestTopologies.Monitored("127.0.47"));
