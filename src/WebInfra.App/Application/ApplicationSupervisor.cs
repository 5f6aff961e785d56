using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WebInfra.App.Diagnostics;
using WebInfra.Hosting;
using WebInfra.Hosting.Health;
using WebInfra.Hosting.Processes;
using WebInfra.Topology.Model;

namespace WebInfra.App.Application;

/// <summary>
/// Runs the user's application as the application server's child, for as long as the application server runs: starts
/// its command with <c>/bin/sh -c</c> in its folder and environment (its output is the application server's, its log
/// file), asks its health path until it answers, starts it again after a <see cref="RestartBackoff"/> whenever it exits
/// or does not come up within its start timeout, and on stop sends SIGTERM, then SIGKILL after its stop timeout. An
/// application that fails <see cref="StartAttempts"/> starts in a row before it ever served stops the application server,
/// so <c>webinfra up</c> reports it with its last log lines instead of waiting; once it has served, it is restarted
/// for as long as it takes.
/// </summary>
internal sealed partial class ApplicationSupervisor(
    ComponentContext context,
    ApplicationState state,
    IReadOnlyDictionary<string, string> environment,
    TimeProvider timeProvider,
    IHostApplicationLifetime lifetime,
    ILogger<ApplicationSupervisor> logger) : BackgroundService
{
    /// <summary>Failed starts in a row, before the application ever served, after which the application server gives up.</summary>
    public const int StartAttempts = 3;

    private static readonly TimeSpan s_startingInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan s_servingInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan s_probeTimeout = TimeSpan.FromSeconds(1);
    private const int Fall = 3;

    private readonly ApplicationCommand _application = context.Component.Application
        ?? throw new InvalidOperationException($"{context.Component.Name} runs no application of the user's");

    // Resolved once: the application keeps the release it started with until its application server restarts.
    private readonly string _directory = context.ApplicationDirectory!;

    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false, PooledConnectionIdleTimeout = TimeSpan.FromSeconds(5) })
    {
        Timeout = s_probeTimeout,
    };

    private Uri HealthUri => new($"http://{context.Component.EndPoint}{_application.HealthPath}");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Kestrel listens once every hosted service has started: the application may reach its database endpoints from its first line.
        var listening = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(() => listening.TrySetResult()))
        {
            await listening.Task.WaitAsync(stoppingToken);
        }

        var backoff = new RestartBackoff();
        var everServed = false;
        var failedStarts = 0;
        for (var run = 0; !stoppingToken.IsCancellationRequested; run++)
        {
            using var program = ForegroundProgram.Start("/bin/sh", ["-c", _application.Command], _directory, environment);
            state.Started(program.Id, restart: run > 0);
            Log.Started(logger, context.Component.Name, program.Id, _application.Command, _directory);
            var startedAt = timeProvider.GetTimestamp();
            using var watching = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var exited = program.WaitForExitAsync(CancellationToken.None);
            var served = WatchAsync(exited, startedAt, watching.Token);
            await Task.WhenAny(exited, served, Task.Delay(Timeout.Infinite, stoppingToken)).ConfigureAwait(false);
            await watching.CancelAsync();
            var outcome = await served.ConfigureAwait(false);
            if (!exited.IsCompleted)
            {
                await program.StopAsync(_application.StopTimeout);
            }

            var ran = timeProvider.GetElapsedTime(startedAt);
            var how = exited.IsCompletedSuccessfully && outcome != RunOutcome.NeverCameUp
                ? string.Create(CultureInfo.InvariantCulture, $"exited with code {program.ExitCode} after {ran.TotalSeconds:0.0} s")
                : string.Create(CultureInfo.InvariantCulture, $"did not answer {_application.HealthPath} within {_application.StartTimeout.TotalSeconds:0.#} s");
            if (stoppingToken.IsCancellationRequested)
            {
                state.Ended("stopped", restarting: false);
                Log.Stopped(logger, context.Component.Name);
                return;
            }

            everServed |= outcome == RunOutcome.Served;
            failedStarts = outcome == RunOutcome.Served ? 0 : failedStarts + 1;
            if (!everServed && failedStarts >= StartAttempts)
            {
                state.Ended(how, restarting: false);
                Log.GaveUp(logger, context.Component.Name, how, StartAttempts, _application.Command, _directory);
                Environment.ExitCode = 1;
                lifetime.StopApplication();
                return;
            }

            var delay = backoff.Next(ran, outcome == RunOutcome.Served);
            state.Ended(how, restarting: true);
            Log.Restarting(logger, context.Component.Name, how, delay.TotalSeconds);
            await Task.Delay(delay, timeProvider, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>
    /// Asks the health path until the run ends: often until the first answer (then the application serves), once a
    /// second after, marking it unhealthy after <see cref="Fall"/> failures in a row and serving again at its next
    /// answer (HAProxy's rise 1, fall 3). Gives up a run that has not answered within the start timeout of
    /// <paramref name="startedAt"/>.
    /// </summary>
    private async Task<RunOutcome> WatchAsync(Task exited, long startedAt, CancellationToken cancellationToken)
    {
        var health = new RiseFall(rise: 1, Fall);
        var served = false;
        try
        {
            while (!exited.IsCompleted)
            {
                var changed = health.Observe(await AnswersAsync(cancellationToken));
                if (changed && health.Up == true)
                {
                    served = true;
                    state.Serving();
                    Log.Serving(logger, context.Component.Name, HealthUri.ToString());
                }
                else if (changed && served)
                {
                    state.Unhealthy();
                    Log.Unhealthy(logger, context.Component.Name, HealthUri.ToString(), Fall);
                }
                else if (!served && timeProvider.GetElapsedTime(startedAt) > _application.StartTimeout)
                {
                    return RunOutcome.NeverCameUp;
                }

                await Task.Delay(served ? s_servingInterval : s_startingInterval, timeProvider, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The run ended or the application server is stopping.
        }

        return served ? RunOutcome.Served : RunOutcome.Exited;
    }

    private async Task<bool> AnswersAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _http.GetAsync(HealthUri, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            return (int)response.StatusCode is >= 200 and < 400;
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return false;
        }
    }

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }

    private enum RunOutcome
    {
        /// <summary>Exited before it ever answered.</summary>
        Exited,

        /// <summary>Answered its health path at least once.</summary>
        Served,

        /// <summary>Ran without answering for longer than its start timeout.</summary>
        NeverCameUp,
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.ApplicationStarted, LogLevel.Information, "Application {Component} started (pid {Pid}): {Command} in {Directory}")]
        public static partial void Started(ILogger logger, string component, int pid, string command, string directory);

        [LoggerMessage(EventIds.ApplicationServing, LogLevel.Information, "Application {Component} serves: {HealthUri} answers")]
        public static partial void Serving(ILogger logger, string component, string healthUri);

        [LoggerMessage(EventIds.ApplicationUnhealthy, LogLevel.Warning, "Application {Component} is unhealthy: {HealthUri} failed {Fall} times in a row")]
        public static partial void Unhealthy(ILogger logger, string component, string healthUri, int fall);

        [LoggerMessage(EventIds.ApplicationRestarting, LogLevel.Warning, "Application {Component} {How}; starting it again in {DelaySeconds} s")]
        public static partial void Restarting(ILogger logger, string component, string how, double delaySeconds);

        [LoggerMessage(EventIds.ApplicationGaveUp, LogLevel.Critical,
            "Application {Component} {How}, and failed {Attempts} starts in a row without ever serving; giving up. Check the command ({Command}) and its folder ({Directory}), and that it listens on $HOST:$PORT and answers its health path: its own output is above")]
        public static partial void GaveUp(ILogger logger, string component, string how, int attempts, string command, string directory);

        [LoggerMessage(EventIds.ApplicationStopped, LogLevel.Information, "Application {Component} stopped")]
        public static partial void Stopped(ILogger logger, string component);
    }
}
