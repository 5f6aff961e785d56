using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WebInfra.Balancer.Logging;
using WebInfra.Hosting;
using WebInfra.Hosting.Health;
using WebInfra.Hosting.Processes;
using WebInfra.Hosting.Vrrp;
using WebInfra.Topology.Model;

namespace WebInfra.Balancer.Vrrp;

/// <summary>
/// The <c>vrrp</c> component of a balancer's server: runs keepalived there with the configuration of
/// <see cref="KeepalivedConfiguration"/>, tells it the balancer's health through the tracked file, and records each
/// state change keepalived reports on its notify FIFO (<see cref="VrrpEvents"/>), which the balancer's metrics, the
/// dashboard and <c>status</c> read. keepalived runs as this process's child, so a crash of the component (a SIGKILL
/// of its process group) takes keepalived with it, as a host failure would.
/// </summary>
/// <remarks>
/// keepalived's own trackers do not fit here: its process tracking needs the kernel's process events, which a network
/// namespace other than the machine's does not get, and its scripts run at whole-second intervals. The agent asks the
/// balancer's <c>/healthz</c> every 100 ms instead: a refused connection (the process is gone) marks it down at once,
/// and <see cref="HealthFall"/> failures in a row (a hung balancer) too.
/// </remarks>
internal sealed partial class KeepalivedAgent(ComponentContext context, ILogger<KeepalivedAgent> logger) : BackgroundService
{
    /// <summary>How often the balancer's health is asked.</summary>
    public static readonly TimeSpan HealthInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>How long one health request may take before it counts as failed.</summary>
    public static readonly TimeSpan HealthTimeout = TimeSpan.FromMilliseconds(500);

    /// <summary>Failed health checks in a row (other than a refusal) before the balancer counts as down: a hung one loses its VIPs within about a second.</summary>
    public const int HealthFall = 2;

    /// <summary>Passed health checks in a row before a balancer that was down counts as up again.</summary>
    public const int HealthRise = 2;

    private static readonly TimeSpan s_stopGrace = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var topology = context.Topology;
        var server = context.Component.ServerName;
        var files = new KeepalivedFiles(context.StateDirectory, server);
        var vips = topology.VipsOnServer(server).ToList();
        var balancer = topology.FindServer(server)!.Components.First(c => c.Kind == ComponentKind.Balancer);
        var device = InterfaceHolding(context.Component.Address);
        Directory.CreateDirectory(files.Directory);

        // A keepalived that was killed released nothing: its VIPs are still on the interface, and would answer for the
        // holder now. The new one adds them back when it wins an election.
        foreach (var vip in vips)
        {
            await ForegroundProgram.RunToEndAsync("ip", ["addr", "del", $"{vip.Address}/32", "dev", device], stoppingToken);
        }

        await File.WriteAllTextAsync(files.TrackFile, "1\n", stoppingToken);
        await File.WriteAllTextAsync(files.Configuration, KeepalivedConfiguration.Render(topology, server, device, files), stoppingToken);
        File.Delete(files.NotifyFifo);
        VrrpEvents.RecordStart(files, vips.Select(v => v.Name), DateTimeOffset.UtcNow);

        using var keepalived = ForegroundProgram.Start(KeepalivedConfiguration.Program,
        [
            "--use-file", files.Configuration, "--dont-fork", "--log-console", "--log-detail", "--no-syslog", "--vrrp",
            "--pid", files.PidFile, "--vrrp_pid", files.VrrpPidFile,
        ]);
        LogStarted(logger, keepalived.Id, string.Join(", ", vips.Select(v => $"{v.Name} {v.Address}")), device);

        // Stopped with SIGTERM, keepalived gives its VIPs up and tells the backups with a priority-0 advert.
        await keepalived.SuperviseAsync([token => TrackHealthAsync(balancer, files, token), token => RecordEventsAsync(files, token)], s_stopGrace, stoppingToken);
    }

    /// <summary>Keeps the tracked file at 0 while the balancer answers its <c>/healthz</c>, and 1 while it does not.</summary>
    private async Task TrackHealthAsync(Component balancer, KeepalivedFiles files, CancellationToken cancellationToken)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, ConnectTimeout = HealthTimeout, PooledConnectionIdleTimeout = TimeSpan.FromSeconds(10) })
        {
            Timeout = HealthTimeout,
        };
        var url = new Uri($"http://{balancer.AdminEndPoint ?? balancer.EndPoint}{HealthEndpointExtensions.Path}");
        var health = new RiseFall(HealthRise, HealthFall);
        while (!cancellationToken.IsCancellationRequested)
        {
            var (ok, refused, reason) = await ProbeAsync(http, url, cancellationToken);
            if (health.Observe(ok, gone: refused))
            {
                await File.WriteAllTextAsync(files.TrackFile, health.Up == true ? "0\n" : "1\n", CancellationToken.None);
                if (health.Up == true)
                {
                    LogBalancerUp(logger, balancer.Name);
                }
                else
                {
                    LogBalancerDown(logger, balancer.Name, reason);
                }
            }

            try
            {
                await Task.Delay(HealthInterval, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static async Task<(bool Ok, bool Refused, string Reason)> ProbeAsync(HttpClient http, Uri url, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(url, cancellationToken);
            return response.IsSuccessStatusCode ? (true, false, string.Empty) : (false, false, $"/healthz answered {(int)response.StatusCode}");
        }
        catch (HttpRequestException error) when (error.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
        {
            return (false, true, "connection refused: the balancer is not running");
        }
        catch (HttpRequestException error)
        {
            return (false, false, error.Message);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (false, false, $"no answer within {HealthTimeout.TotalMilliseconds} ms");
        }
        catch (OperationCanceledException)
        {
            return (true, false, string.Empty);
        }
    }

    /// <summary>Reads keepalived's notify FIFO line by line, in the order it wrote them, into the server's events.</summary>
    private async Task RecordEventsAsync(KeepalivedFiles files, CancellationToken cancellationToken)
    {
        // keepalived makes the FIFO as it starts.
        while (!File.Exists(files.NotifyFifo))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }

        await using var fifo = new FileStream(files.NotifyFifo, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.Asynchronous);
        using var reader = new StreamReader(fifo);
        while (!cancellationToken.IsCancellationRequested)
        {
            string? line;
            try
            {
                line = await reader.ReadLineAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (line is null)
            {
                return;
            }

            if (VrrpEvents.Record(files, line, DateTimeOffset.UtcNow) is var (vip, state))
            {
                LogStateChanged(logger, vip, state.ToWord());
            }
        }
    }

    /// <summary>The interface that holds <paramref name="address"/> on this server: where keepalived adds the VIPs.</summary>
    private static string InterfaceHolding(IPAddress address) =>
        NetworkInterface.GetAllNetworkInterfaces()
            .FirstOrDefault(n => n.GetIPProperties().UnicastAddresses.Any(a => a.Address.Equals(address)))?.Name
        ?? throw new InvalidOperationException($"no interface of this server holds its address {address}, so keepalived has nowhere to add the VIPs");

    [LoggerMessage(EventIds.KeepalivedStarted, LogLevel.Information, "keepalived started (pid {Pid}) for {Vips} on {Interface}")]
    private static partial void LogStarted(ILogger logger, int pid, string vips, string @interface);

    [LoggerMessage(EventIds.VrrpStateChanged, LogLevel.Information, "VIP {Vip}: {State}")]
    private static partial void LogStateChanged(ILogger logger, string vip, string state);

    [LoggerMessage(EventIds.TrackedBalancerDown, LogLevel.Warning, "{Balancer} is down ({Reason}): keepalived gives its VIPs up")]
    private static partial void LogBalancerDown(ILogger logger, string balancer, string reason);

    [LoggerMessage(EventIds.TrackedBalancerUp, LogLevel.Information, "{Balancer} is healthy: keepalived may hold its VIPs")]
    private static partial void LogBalancerUp(ILogger logger, string balancer);
}
