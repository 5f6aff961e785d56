using System.Net;
using System.Net.Sockets;
using WebInfra.FunctionalTests.Infrastructure;

namespace WebInfra.FunctionalTests.Cli;

/// <summary>
/// The user's application fails to come up (its command exits at once, it never answers its health path, its port is
/// taken, its folder does not exist): <c>up</c> fails with the application's own last lines and what to fix, instead of
/// waiting, and <c>down</c> leaves nothing behind. A site of one web server in front of the application, on 127.0.43.x.
/// </summary>
public sealed class ApplicationStartFailureTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("webinfra-app-").FullName;

    private string State => Path.Combine(_directory, "state");

    [Fact]
    public async Task A_command_that_exits_at_once_fails_up_with_its_own_output_and_the_fix()
    {
        var result = await UpAsync("""command: "echo no-such-module-marker >&2; exit 3", directory: .""");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("server-1/app exited while starting", result.Error, StringComparison.Ordinal);
        Assert.Contains("no-such-module-marker", result.Error, StringComparison.Ordinal);
        Assert.Contains($"exited with code 3", result.Error, StringComparison.Ordinal);
        Assert.Contains($"failed 3 starts in a row without ever serving", result.Error, StringComparison.Ordinal);
        Assert.Contains("listens on $HOST:$PORT", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_application_that_never_answers_its_health_path_fails_up_within_its_start_timeout()
    {
        // Python's file server listens where it is told but answers /healthz with 404.
        var result = await UpAsync("""command: "exec /usr/bin/python3 -m http.server $PORT --bind $HOST", directory: ., start_timeout: 1s""");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("did not answer /healthz within 1 s", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_taken_port_fails_up_before_anything_starts_naming_the_component_and_its_line()
    {
        using var taken = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        taken.Bind(new IPEndPoint(IPAddress.Parse("127.0.43.1"), 8082));
        taken.Listen();

        var result = await UpAsync("""command: "exec /usr/bin/python3 -m http.server $PORT --bind $HOST", directory: .""");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("server-1/app cannot listen on 127.0.43.1:8082", result.Error, StringComparison.Ordinal);
        Assert.Contains("topology.yaml (7:7)", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_folder_that_does_not_exist_is_refused_with_file_and_line()
    {
        var result = await UpAsync("""command: "exec ./server", directory: ./no-such-app""");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"topology.yaml:7:63: the folder of server-1/app's application, '{_directory}/no-such-app', does not exist", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(State), "nothing was started");
    }

    public void Dispose()
    {
        Infrastructure.Cli.RunAsync("down", "--purge", "--state-dir", State).GetAwaiter().GetResult();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task<CliResult> UpAsync(string application)
    {
        var path = Path.Combine(_directory, "topology.yaml");
        await File.WriteAllTextAsync(path, $$"""
            site: { name: app.example, files: {{Repository.SiteFiles}} }
            servers:
              server-1:
                address: 127.0.43.1
                components:
                  web: { port: 8081, backend: app }
                  app: { port: 8082, {{application}} }
            backends:
              app: { members: [server-1/app] }
            """);
        return await Infrastructure.Cli.RunAsync("up", path, "--state-dir", State);
    }
}
