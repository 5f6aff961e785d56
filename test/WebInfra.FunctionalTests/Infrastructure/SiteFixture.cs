namespace WebInfra.FunctionalTests.Infrastructure;

/// <summary>One site for all the tests of a class, brought up from <paramref name="topologyYaml"/>: bringing one up costs seconds.</summary>
public abstract class SiteFixture(string topologyYaml) : IAsyncLifetime
{
    internal TestSite Site { get; private set; } = null!;

    public async Task InitializeAsync() => Site = await TestSite.StartAsync(topologyYaml);

    public async Task DisposeAsync() => await Site.DisposeAsync();
}
