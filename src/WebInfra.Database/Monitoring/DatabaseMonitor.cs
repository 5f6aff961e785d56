using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MySqlConnector;
using WebInfra.Database.Failover;
using WebInfra.Database.Provisioning;

namespace WebInfra.Database.Monitoring;

/// <summary>
/// The monitor's heartbeat: every interval it checks every database node at once (each check bounded by the
/// interval, so a hung node cannot stretch a round) and hands the round to the <see cref="FailoverCoordinator"/>.
/// A round that fails is logged and the next one runs; the monitor never stops watching. Beside the rounds, the
/// coordinator renews the primary's lease on a timer of its own (<see cref="FailoverCoordinator.KeepLeaseAsync"/>), so a
/// slow round cannot let it run out.
/// </summary>
internal sealed partial class DatabaseMonitor(
    IReadOnlyList<DatabaseNode> nodes,
    TimeSpan interval,
    NodeProbe probe,
    FailoverCoordinator coordinator,
    TimeProvider time,
    ILogger<DatabaseMonitor> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Log.Started(logger, nodes.Count, interval);
        await Task.WhenAll(coordinator.KeepLeaseAsync(interval, stoppingToken), CheckAsync(stoppingToken));
    }

    private async Task CheckAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        do
        {
            try
            {
                var observations = await Task.WhenAll(nodes.Select(n => probe.CheckAsync(n, interval, stoppingToken)));
                await coordinator.ObserveAsync(observations, stoppingToken);
            }
            catch (Exception exception) when (exception is MySqlException or IOException or InvalidOperationException or TimeoutException)
            {
                Log.RoundFailed(logger, exception.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private static partial class Log
    {
        [LoggerMessage(Logging.EventIds.MonitorStarted, LogLevel.Information, "Monitor checks {Nodes} database nodes every {Interval}")]
        public static partial void Started(ILogger logger, int nodes, TimeSpan interval);

        [LoggerMessage(Logging.EventIds.CheckRoundFailed, LogLevel.Warning, "A round of checks failed: {Error}")]
        public static partial void RoundFailed(ILogger logger, string error);
    }
}
