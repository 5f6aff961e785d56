using WebInfra.FunctionalTests.Infrastructure;

namespace WebInfra.FunctionalTests.Site;

/// <summary>One distributed site for all the tests of a class: bringing it up costs seconds.</summary>
public sealed class DistributedSiteFixture : IAsyncLifetime
{
    internal TestSite Site { get; private set; } = null!;

    public async Task InitializeAsync() => Site = await TestSite.StartAsync(TestTopologies.Distributed);

    public async Task DisposeAsync() => await Site.DisposeAsync();
}
