using WebInfra.FunctionalTests.Infrastructure;

namespace WebInfra.FunctionalTests.Monitoring;

/// <summary>
/// The distributed design with a database monitor on addresses of these tests' own (127.0.12.x), exported with
/// <c>webinfra monitoring export</c> and watched by a real Prometheus on 127.0.12.200.
/// </summary>
public sealed class PrometheusSiteFixture : IAsyncLifetime
{
    /// <summary>Every component Prometheus scrapes: all but the two database nodes.</summary>
    public static readonly IReadOnlyList<string> ScrapedComponents =
        ["lb-01/balancer", "lb-01/monitor", "server-1/web", "server-1/app", "server-2/web", "server-2/app"];

    private static readonly string Topology = TestTopologies.Monitored("127.0.12");

    private static readonly Uri s_prometheusUrl = new("http://127.0.12.200:19095/");

    private string? _exportDirectory;

    internal TestSite Site { get; private set; } = null!;

    internal PrometheusProcess Prometheus { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Site = await TestSite.StartAsync(Topology);
        _exportDirectory = Directory.CreateTempSubdirectory("webinfra-prometheus-export-").FullName;
        var export = await Site.RunAsync("monitoring", "export", Site.TopologyPath, "--out", _exportDirectory);
        Assert.True(export.ExitCode == 0, export.ToString());
        Prometheus = await PrometheusProcess.StartAsync(Path.Combine(_exportDirectory, "prometheus.yml"), s_prometheusUrl, TimeSpan.FromSeconds(30));
    }

    /// <summary>Also runs when <see cref="InitializeAsync"/> failed part-way (xunit disposes the fixture either way).</summary>
    public async Task DisposeAsync()
    {
        if (Prometheus is not null)
        {
            await Prometheus.DisposeAsync();
        }

        if (_exportDirectory is not null)
        {
            Directory.Delete(_exportDirectory, recursive: true);
        }

        if (Site is not null)
        {
            await Site.DisposeAsync();
        }
    }
}
