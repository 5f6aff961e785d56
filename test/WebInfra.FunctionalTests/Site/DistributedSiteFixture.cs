using WebInfra.FunctionalTests.Infrastructure;

namespace WebInfra.FunctionalTests.Site;

/// <summary>The distributed design of <see cref="TestTopologies.Distributed"/>.</summary>
public sealed class DistributedSiteFixture() : SiteFixture(TestTopologies.Distributed);
