using WebInfra.FunctionalTests.Infrastructure;

namespace WebInfra.FunctionalTests.Cli;

/// <summary>Bad input gets a clear message naming what is wrong and where, exit code 2, and no stack trace.</summary>
public sealed class CommandLineErrorTests
{
    [Fact]
    public async Task Invalid_topology_is_refused_with_file_line_and_key()
    {
        var directory = Directory.CreateTempSubdirectory("webinfra-cli-").FullName;
        try
        {
            var path = Path.Combine(directory, "broken.yaml");
            await File.WriteAllTextAsync(path, TestTopologies.OneServer
                .Replace("{site}", Repository.SiteFiles, StringComparison.Ordinal)
                .Replace("app: { port: 18082 }", "app: { prot: 18082 }", StringComparison.Ordinal));

            var result = await Infrastructure.Cli.RunAsync("up", path, "--state-dir", Path.Combine(directory, "state"));

            Assert.Equal(2, result.ExitCode);
            Assert.Contains($"{path}:10:14: unknown key 'prot' in component 'server-1/app'", result.Error, StringComparison.Ordinal);
            Assert.Contains("did you mean 'port'?", result.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
            Assert.False(Directory.Exists(Path.Combine(directory, "state")), "nothing was started");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Command_without_a_running_site_says_how_to_start_one()
    {
        var state = Path.Combine(Path.GetTempPath(), "webinfra-nothing-" + Guid.NewGuid().ToString("N"));

        var result = await Infrastructure.Cli.RunAsync("kill", "server-1", "--state-dir", state);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("nothing is running from", result.Error, StringComparison.Ordinal);
        Assert.Contains("./webinfra up", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_command_is_refused_with_usage_hint()
    {
        var result = await Infrastructure.Cli.RunAsync("launch");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("webinfra --help", result.Error, StringComparison.Ordinal);
    }
}
