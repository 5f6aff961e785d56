using WebInfra.FunctionalTests.Infrastructure;

namespace WebInfra.FunctionalTests.Balancer;

/// <summary>The failover site of <see cref="BalancerTopologies.FailoverSite"/>, brought up once for its tests.</summary>
public sealed class FailoverSiteFixture() : SiteFixture(BalancerTopologies.FailoverSite);
