using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WebInfra.Hosting;
using WebInfra.Hosting.Health;
using WebInfra.Hosting.Vrrp;
using WebInfra.Hosting.Administration;
using WebInfra.Hosting.Firewall;
using WebInfra.Monitoring.Dashboard;
using WebInfra.Monitoring.Logging;
using WebInfra.Monitoring.Metrics;
using WebInfra.Topology.Faults;
using WebInfra.Topology.Model;

namespace WebInfra.Monitoring.Sampling;

/// <summary>
/// Polls every component's admin listener once per <see cref="Interval"/>, all in parallel and each request bounded
/// by <see cref="s_timeout"/>: <c>/healthz</c> (up or down), <c>/metrics</c> (traffic and latency) and, for a component
/// that forwards, <c>/backend</c> (its members' states); with the database monitor's view of the cluster, each round
/// goes to the <see cref="DashboardState"/>. A component that does not answer in time counts as down for that round.
/// Every request carries the site's read token, read from the credentials file as it is then, so a rotation costs no
/// round.
/// </summary>
internal sealed partial class ComponentSampler : BackgroundService
{
    /// <summary>One round a second: a live picture, and a kill shows within the balancers' own health-check time.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>Each request's limit, under the interval so that one slow component never delays the next round.</summary>
    private static readonly TimeSpan s_timeout = TimeSpan.FromMilliseconds(800);

    private readonly IReadOnlyList<Component> _components;
    private readonly DashboardState _state;
    private readonly IDatabaseClusterSource? _database;
    private readonly string _stateDirectory;
    private readonly Topology.Model.Topology _topology;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly HttpClient _http;

    public ComponentSampler(
        ComponentContext context,
        AdminCredentialsFile credentials,
        DashboardState state,
        TimeProvider time,
        ILogger<ComponentSampler> logger,
        IDatabaseClusterSource? database = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        _components = [.. context.Topology.Components.Where(c => c.AdminEndPoint is not null)];
        _stateDirectory = context.StateDirectory;
        _topology = context.Topology;
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            ConnectTimeout = s_timeout,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(5),
        };

        // From its server's address, by which the admin listeners' firewalls let the monitor in.
        handler.BindTo(context.SourceAddress);

        // Every admin endpoint but /healthz wants a token; the sampler only reads, so it sends the read token.
        _http = new HttpClient(new AdminCredentialHandler(credentials, AdminScope.Read) { InnerHandler = handler }) { Timeout = Timeout.InfiniteTimeSpan };
        _state = state;
        _database = database;
        _time = time;
        _logger = logger;
    }

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Log.Watching(_logger, _components.Count, Interval);
        var started = _time.GetTimestamp();
        using var timer = new PeriodicTimer(Interval, _time);
        do
        {
            try
            {
                var round = await SampleAsync(_time.GetElapsedTime(started), stoppingToken);
                foreach (var e in _state.Record(round))
                {
                    Log.Event(_logger, e.Kind, e.Message);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.SamplingFailed(_logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task<SampleRound> SampleAsync(TimeSpan elapsed, CancellationToken cancellationToken)
    {
        var at = _time.GetUtcNow();
        var scrapes = Task.WhenAll(_components.Select(c => ScrapeAsync(c, cancellationToken)));
        var zone = _topology.Dns?.Zone ?? string.Empty;
        var nameServers = Task.WhenAll(_topology.NameServers.Select(async n => (n.Name, Answers: await ZoneProbe.AnswersAsync(n.EndPoint, zone, s_timeout, cancellationToken))));
        var scraped = (await scrapes).ToDictionary(s => s.Component.Name, StringComparer.Ordinal);
        return new SampleRound(elapsed, at, scraped, _database?.Current(), SiteFaultsFile.Load(_stateDirectory),
            VipView.ReadAll(_topology, (server, vips) => VrrpStatesOf(scraped, server, vips)), (await nameServers).ToDictionary(n => n.Name, n => n.Answers, StringComparer.Ordinal));
    }

    /// <summary>
    /// The keepalived state of <paramref name="server"/> for each of <paramref name="vips"/>, as the balancer beside it
    /// exports it in this round's metrics: keepalived's files are on its own host, which the monitor's need not be.
    /// <see cref="VrrpState.Init"/> (not running) while that balancer's metrics do not answer; no time of the last change.
    /// </summary>
    private IReadOnlyList<VipStatus> VrrpStatesOf(Dictionary<string, ComponentScrape> scraped, string server, IEnumerable<string> vips)
    {
        var metrics = _topology.FindServer(server)?.Components
            .Where(c => c.Kind == ComponentKind.Balancer)
            .Select(c => scraped.GetValueOrDefault(c.Name)?.Metrics)
            .FirstOrDefault();
        return [.. vips.Select(vip => metrics is null
            ? new VipStatus(vip, VrrpState.Init, null, 0)
            : new VipStatus(vip, (VrrpState)(int)metrics.Sum(MetricNames.VrrpState, s => s.Label(MetricNames.Vip) == vip), null,
                (int)metrics.Sum(MetricNames.VrrpTakeovers, s => s.Label(MetricNames.Vip) == vip)))];
    }

    private async Task<ComponentScrape> ScrapeAsync(Component component, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(s_timeout);
        var health = GetAsync(component, AdminPaths.Health, timeout.Token, cancellationToken);
        var metrics = GetAsync(component, AdminPaths.Metrics, timeout.Token, cancellationToken);
        var backend = component.Backend is null ? null : GetAsync(component, AdminPaths.Backend, timeout.Token, cancellationToken);
        var (_, down) = await health;
        var (metricsText, metricsProblem) = await metrics;
        var (backendJson, _) = backend is null ? (null, null) : await backend;

        MetricSet? metricSet = null;
        if (metricsText is not null)
        {
            try
            {
                metricSet = MetricSet.Parse(metricsText);
            }
            catch (FormatException e)
            {
                metricsProblem = e.Message;
            }
        }

        return new ComponentScrape(component, down, metricSet, metricsProblem, ReadBackend(backendJson));
    }

    private static BackendView? ReadBackend(string? json)
    {
        if (json is null)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(json, DashboardJsonContext.Default.BackendView);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The body of a 200 answer, or why there is none.</summary>
    private async Task<(string? Body, string? Problem)> GetAsync(Component component, string path, CancellationToken timeout, CancellationToken stopping)
    {
        try
        {
            using var response = await _http.GetAsync(new Uri($"http://{component.AdminEndPoint}{path}"), timeout);
            return response.StatusCode == HttpStatusCode.OK
                ? (await response.Content.ReadAsStringAsync(timeout), null)
                : (null, string.Create(CultureInfo.InvariantCulture, $"{path} answered {(int)response.StatusCode}"));
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            return (null, $"no answer within {s_timeout.TotalMilliseconds:0} ms");
        }
        catch (HttpRequestException e)
        {
            return (null, e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused } ? "connection refused" : e.Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.DashboardWatching, LogLevel.Information, "Dashboard: polling {Count} components every {Interval}")]
        public static partial void Watching(ILogger logger, int count, TimeSpan interval);

        [LoggerMessage(EventIds.DashboardEvent, LogLevel.Information, "Dashboard event {Kind}: {Message}")]
        public static partial void Event(ILogger logger, string kind, string message);

        [LoggerMessage(EventIds.SamplingFailed, LogLevel.Warning, "Dashboard: a round of polling failed")]
        public static partial void SamplingFailed(ILogger logger, Exception exception);
    }
}
