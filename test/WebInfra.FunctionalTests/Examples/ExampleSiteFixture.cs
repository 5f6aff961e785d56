using WebInfra.FunctionalTests.Infrastructure;

namespace WebInfra.FunctionalTests.Examples;

/// <summary>One of the shipped examples (<c>examples/NAME/topology.yaml</c>), brought up as it is, as a new user would.</summary>
public abstract class ExampleSiteFixture(string example) : IAsyncLifetime
{
    internal TestSite Site { get; private set; } = null!;

    public async Task InitializeAsync() => Site = await TestSite.StartFileAsync(Path.Combine(Repository.Root, "examples", example, "topology.yaml"));

    public async Task DisposeAsync() => await Site.DisposeAsync();
}
