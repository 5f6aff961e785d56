using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace WebInfra.App.Storage;

/// <summary>
/// Refreshes <see cref="DatabaseClusterView"/> every <see cref="MessageBoardOptions.ObservationInterval"/> for as
/// long as the app runs, so that a failover, a lagging replica or a replica that is back is noticed within about
/// that long and the request path never has to probe a node itself. The first observation is made before the app
/// takes traffic, so its first reads already use the replicas.
/// </summary>
internal sealed class DatabaseClusterObserver : BackgroundService
{
    private readonly DatabaseClusterView _view;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _timeProvider;

    public DatabaseClusterObserver(DatabaseClusterView view, IOptions<MessageBoardOptions> options, TimeProvider timeProvider)
    {
        _view = view;
        _interval = options.Value.ObservationInterval;
        _timeProvider = timeProvider;
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await _view.RefreshAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_interval, _timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await _view.RefreshAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The app is stopping.
        }
    }
}
