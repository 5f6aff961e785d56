namespace WebInfra.FunctionalTests.Monitoring;

/// <summary>
/// <c>webinfra monitoring export</c> as a user runs it, judged by Prometheus' own checker: needs Debian's
/// <c>promtool</c> (package prometheus, which test.sh installs).
/// </summary>
public sealed class MonitoringExportTests : IDisposable
{
    private const string Promtool = "/usr/bin/promtool";

    private readonly string _directory = Directory.CreateTempSubdirectory("webinfra-export-").FullName;

    [Fact]
    public async Task Exported_files_for_the_distributed_topology_pass_promtool()
    {
        Assert.True(File.Exists(Promtool), $"{Promtool} is missing: install Debian's prometheus package (test.sh does)");
        var export = await Infrastructure.Cli.RunAsync("monitoring", "export", "topologies/distributed.yaml", "--out", _directory);
        Assert.True(export.ExitCode == 0, export.ToString());

        var config = await Infrastructure.Cli.RunProgramAsync(Promtool, "check", "config", Path.Combine(_directory, "prometheus.yml"));
        var rules = await Infrastructure.Cli.RunProgramAsync(Promtool, "check", "rules", Path.Combine(_directory, "webinfra-alerts.yml"));

        Assert.True(config.ExitCode == 0, config.ToString());
        Assert.Contains("SUCCESS: 1 rule files found", config.Output + config.Error, StringComparison.Ordinal);
        Assert.True(rules.ExitCode == 0, rules.ToString());
        Assert.Contains("SUCCESS: 12 rules found", rules.Output + rules.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unwritable_output_folder_is_refused_with_exit_code_2()
    {
        var file = Path.Combine(_directory, "a-file");
        await File.WriteAllTextAsync(file, string.Empty);

        var result = await Infrastructure.Cli.RunAsync("monitoring", "export", "topologies/distributed.yaml", "--out", Path.Combine(file, "monitoring"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"cannot write the Prometheus files to {Path.Combine(file, "monitoring")}", result.Error, StringComparison.Ordinal);
        Assert.Contains("--out DIR", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_topology_is_refused_with_exit_code_2_and_nothing_written()
    {
        var missing = Path.Combine(_directory, "no-such.yaml");

        var result = await Infrastructure.Cli.RunAsync("monitoring", "export", missing, "--out", Path.Combine(_directory, "monitoring"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{missing}:1:1: topology file not found", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_directory, "monitoring")));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
