using WebInfra.FunctionalTests.Infrastructure;

namespace WebInfra.FunctionalTests.Balancer;

/// <summary>One site with a balancer per algorithm for all the balancing tests: a single <c>up</c> instead of four.</summary>
public sealed class BalancerSiteFixture() : SiteFixture(BalancerTopologies.AlgorithmSite);
