using WebInfra.FunctionalTests.Infrastructure;

namespace WebInfra.FunctionalTests.App;

/// <summary>The monitored design on 127.0.60.x with <c>reads: { max_lag: 3s, during_failover: fail }</c>.</summary>
public sealed class FailReadsSiteFixture() : SiteFixture(
    TestTopologies.Monitored("127.0.60").Replace("reads: { max_lag: 3s }", "reads: { max_lag: 3s, during_failover: fail }", StringComparison.Ordinal));
