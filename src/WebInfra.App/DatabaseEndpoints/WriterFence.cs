using Microsoft.Extensions.Logging;
using WebInfra.App.Diagnostics;
using WebInfra.App.Storage;

namespace WebInfra.App.DatabaseEndpoints;

/// <summary>
/// Closes the writer endpoint's connections to a node the moment it stops being the primary (another node is writable,
/// or none is), so that no connection is left pointing at a node that may come back writable. Each node's term as
/// primary has one token; every writer connection forwarded to it watches that token, and a new observation that
/// names another primary (or none) cancels it.
/// </summary>
internal sealed partial class WriterFence : IDisposable
{
    private readonly DatabaseClusterView _view;
    private readonly ILogger<WriterFence> _logger;
    private readonly Lock _lock = new();
    private readonly Dictionary<DatabaseServer, CancellationTokenSource> _terms = [];

    public WriterFence(DatabaseClusterView view, ILogger<WriterFence> logger)
    {
        _view = view;
        _logger = logger;
        _view.Published += OnPublished;
    }

    /// <summary>
    /// The token of <paramref name="node"/>'s current term as primary: cancelled when it ends, and already cancelled when
    /// <paramref name="node"/> is not the primary now.
    /// </summary>
    public CancellationToken TokenFor(DatabaseServer node)
    {
        lock (_lock)
        {
            if (_view.Current.Primary != node)
            {
                return new CancellationToken(canceled: true);
            }

            if (!_terms.TryGetValue(node, out var term))
            {
                _terms[node] = term = new CancellationTokenSource();
            }

            return term.Token;
        }
    }

    public void Dispose()
    {
        _view.Published -= OnPublished;
        lock (_lock)
        {
            foreach (var term in _terms.Values)
            {
                term.Dispose();
            }

            _terms.Clear();
        }
    }

    private void OnPublished(ClusterSnapshot previous, ClusterSnapshot next)
    {
        if (previous.Primary is not { } old || old == next.Primary)
        {
            return;
        }

        CancellationTokenSource? ended;
        lock (_lock)
        {
            if (!_terms.Remove(old, out ended))
            {
                return;
            }
        }

        Log.WriterConnectionsClosed(_logger, old.Name, next.Primary?.Name ?? "none");
        ended.Cancel();
        ended.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.WriterConnectionsClosed, LogLevel.Warning, "Database writer endpoint closes its connections to {Node}: it is no longer the primary (now {Primary})")]
        public static partial void WriterConnectionsClosed(ILogger logger, string node, string primary);
    }
}
