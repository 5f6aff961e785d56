using System.Diagnostics;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using WebInfra.App.Application;

namespace WebInfra.App.Tests.Application;

/// <summary>The supervisor with real processes: Python's file server as a well-behaved application, <c>exit 3</c> as a broken one.</summary>
public sealed class ApplicationSupervisorTests
{
    private const string FileServer = "exec /usr/bin/python3 -m http.server $PORT --bind $HOST";

    [Fact]
    public async Task An_application_that_exits_at_once_three_times_stops_its_application_server()
    {
        using var app = new TestApplicationContext("echo broken; exit 3", database: false);
        var (state, lifetime, supervisor) = Start(app);

        await Eventually(() => lifetime.ApplicationStopping.IsCancellationRequested, TimeSpan.FromSeconds(20), "the application server is told to stop");

        await supervisor.StopAsync(CancellationToken.None);
        Assert.Equal(ApplicationPhase.Stopped, state.Current.Phase);
        Assert.Equal(2, state.Current.Restarts);
        Assert.StartsWith("exited with code 3 after", state.Current.LastExit, StringComparison.Ordinal);
        Assert.False(state.IsReady);
    }

    [Fact]
    public async Task An_application_serves_once_it_answers_and_is_started_again_when_its_process_dies()
    {
        using var app = new TestApplicationContext(FileServer, database: false, health: "/");
        var (state, _, supervisor) = Start(app);
        await Eventually(() => state.IsReady, TimeSpan.FromSeconds(20), "the file server answers /");
        var first = state.Current.Pid!.Value;

        using (var process = Process.GetProcessById(first))
        {
            process.Kill();
        }

        await Eventually(() => state.Current is { Phase: ApplicationPhase.Serving, Restarts: 1 } current && current.Pid != first, TimeSpan.FromSeconds(20), "a new process serves");
        Assert.StartsWith("exited with code 137 after", state.Current.LastExit, StringComparison.Ordinal);

        var second = Process.GetProcessById(state.Current.Pid!.Value);
        await supervisor.StopAsync(CancellationToken.None);
        Assert.True(second.HasExited, "SIGTERM stopped the application");
        Assert.Equal(ApplicationPhase.Stopped, state.Current.Phase);
    }

    [Fact]
    public async Task An_application_that_never_answers_within_its_start_timeout_is_stopped_and_started_again()
    {
        // Listens where it is told, but /healthz is not a file: 404.
        using var app = new TestApplicationContext(FileServer, ", start_timeout: 1s", database: false);
        var (state, _, supervisor) = Start(app);

        await Eventually(() => state.Current.LastExit is not null, TimeSpan.FromSeconds(20), "the first run is given up");

        Assert.Equal("did not answer /healthz within 1 s", state.Current.LastExit);
        await supervisor.StopAsync(CancellationToken.None);
    }

    private static (ApplicationState State, ApplicationLifetime Lifetime, ApplicationSupervisor Supervisor) Start(TestApplicationContext app)
    {
        var state = new ApplicationState("server-1/app", app.Context.Component.Application!.Command);
        var lifetime = new ApplicationLifetime(NullLogger<ApplicationLifetime>.Instance);
        var supervisor = new ApplicationSupervisor(app.Context, state, ApplicationEnvironment.For(app.Context, secrets: null), TimeProvider.System, lifetime,
            NullLogger<ApplicationSupervisor>.Instance);
        supervisor.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        lifetime.NotifyStarted();
        return (state, lifetime, supervisor);
    }

    private static async Task Eventually(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out after {timeout.TotalSeconds} s waiting until {what}");
            await Task.Delay(50);
        }
    }
}
