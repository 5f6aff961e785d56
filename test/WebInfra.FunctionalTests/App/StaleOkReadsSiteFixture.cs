using WebInfra.FunctionalTests.Infrastructure;

namespace WebInfra.FunctionalTests.App;

/// <summary>
/// The monitored design on 127.0.60.x with <c>reads: { max_lag: 3s }</c>: <c>during_failover</c> left to its default,
/// <c>stale_ok</c>. It shares its addresses with <see cref="FailReadsSiteFixture"/>: functional tests run one class at a time.
/// </summary>
public sealed class StaleOkReadsSiteFixture() : SiteFixture(TestTopologies.Monitored("127.0.60"));
