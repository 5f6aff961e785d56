using System.Globalization;
using System.Net;
using System.Runtime.Versioning;
using System.Text.Json;
using System.Text.RegularExpressions;
using WebInfra.FunctionalTests.Infrastructure;
using WebInfra.Hosting.Administration;

namespace WebInfra.FunctionalTests.Cli;

/// <summary>
/// <c>webinfra restart</c> replaces a component's process while clients keep their connections: the new process takes
/// the old one's listening sockets, the old one finishes and exits, and not one request fails. A new process that cannot
/// start leaves the old one serving, and only the site's user may take a component's sockets.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed partial class ProcessRestartTests(ProcessRestartSiteFixture fixture) : IClassFixture<ProcessRestartSiteFixture>
{
    private TestSite Site => fixture.Site;

    [Fact]
    public async Task Balancer_and_web_server_restarted_again_and_again_under_keep_alive_load_fail_no_request()
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = 16 }) { Timeout = TimeSpan.FromSeconds(10) };
        await using var load = GetLoad.Start(http, Site.Url, ["/robots.txt", "/", "/static/css/site.css"], connections: 16);
        await load.UntilServedAsync(100);

        for (var round = 0; round < 3; round++)
        {
            foreach (var component in (string[])["lb-01/balancer", "server-1/web"])
            {
                var before = Pid(component);
                var restart = await Site.RunOkAsync("restart", component);
                var after = Pid(component);

                Assert.Contains($"took over {component}", restart.Output, StringComparison.Ordinal);
                Assert.NotEqual(before, after);
                Assert.True(ProcessState.IsRunning(after), $"the new process of {component} (pid {after}) runs");
                Assert.False(ProcessState.IsRunning(before), $"the old process of {component} (pid {before}) has exited");

                // The runtime settings .NET reads from the environment only (./webinfra exports them) reach every process
                // of a component, the one that took over as much as the first: without them, each restart would run its
                // first seconds under load at half speed (bench/README.md, "What each change bought").
                Assert.Contains("DOTNET_TC_CallCountingDelayMs=0", EnvironmentOf(after));
                await load.UntilServedAsync(load.Count + 100);
            }
        }

        var results = await load.StopAsync();
        Assert.True(results.Failures.Count == 0, $"{results.Failures.Count} of {results.ServedBy.Count + results.Failures.Count} requests failed:\n{string.Join('\n', results.Failures.Take(20))}");
    }

    [Fact]
    public async Task A_new_process_that_cannot_start_is_stopped_and_the_old_one_serves_on()
    {
        var before = Pid("lb-01/balancer");

        // A secrets file others may read: the new process refuses to start once it has the old one's sockets.
        var credentials = AdminCredentials.PathIn(Site.StateDirectory);
        File.SetUnixFileMode(credentials, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        CliResult restart;
        try
        {
            restart = await Site.RunAsync("restart", "lb-01/balancer");
        }
        finally
        {
            File.SetUnixFileMode(credentials, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        Assert.True(restart.ExitCode == 1, restart.ToString());
        Assert.Contains($"pid {before} serves on", restart.Error, StringComparison.Ordinal);
        Assert.Contains("is accessible by other users", restart.Error, StringComparison.Ordinal);
        var fresh = int.Parse(StartedPid().Match(restart.Output).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.False(ProcessState.IsRunning(fresh), $"the new process (pid {fresh}) was stopped");
        Assert.Equal(before, Pid("lb-01/balancer"));
        Assert.True(ProcessState.IsRunning(before), $"the old process (pid {before}) runs");
        using (var response = await Site.GetAsync("/robots.txt"))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        await TestSite.EventuallyAsync(
            async () => (await File.ReadAllTextAsync(Path.Combine(Site.StateDirectory, "logs", "lb-01-balancer.log"))).Contains("exited before taking over; it serves on as before", StringComparison.Ordinal),
            TimeSpan.FromSeconds(10),
            "the old process knows it is no longer being replaced");

        // Its sockets are still whole: the next restart takes them over.
        await Site.RunOkAsync("restart", "lb-01/balancer");
        Assert.NotEqual(before, Pid("lb-01/balancer"));
    }

    [Fact]
    public async Task Only_the_sites_own_user_may_reach_a_components_takeover_socket()
    {
        var folder = Path.Combine(Site.StateDirectory, "sockets");
        var socket = Path.Combine(folder, "server-1-web.sock");

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(socket));
        var nobody = await Infrastructure.Cli.RunProgramAsync(
            "/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
            "/usr/bin/python3", "-c", "import socket, sys; socket.socket(socket.AF_UNIX).connect(sys.argv[1])", socket);
        Assert.True(nobody.ExitCode != 0, nobody.ToString());
        Assert.Contains("Permission denied", nobody.Error, StringComparison.Ordinal);
    }

    private static string[] EnvironmentOf(int pid) => File.ReadAllText($"/proc/{pid}/environ").Split('\0');

    private int Pid(string component)
    {
        using var state = JsonDocument.Parse(File.ReadAllText(Path.Combine(Site.StateDirectory, "state.json")));
        return state.RootElement.GetProperty("nodes").GetProperty(component).GetProperty("pid").GetInt32();
    }

    [GeneratedRegex(@"started \S+ \(pid (\d+)\)")]
    private static partial Regex StartedPid();
}
