using WebInfra.Monitoring.Sampling;
using SiteTopology = WebInfra.Topology.Model.Topology;

namespace WebInfra.Monitoring.Dashboard;

/// <summary>
/// The dashboard's memory: the current picture, the charts' last <see cref="HistoryWindow"/>, and the last
/// <see cref="EventLimit"/> events. The sampler records a round; each page's stream waits for the next one.
/// </summary>
internal sealed class DashboardState
{
    /// <summary>What the charts show: five minutes, the span of Prometheus' default range in Grafana's "last 5 minutes".</summary>
    public static readonly TimeSpan HistoryWindow = TimeSpan.FromMinutes(5);

    /// <summary>Events kept for a page that opens later.</summary>
    public const int EventLimit = 200;

    private readonly Lock _gate = new();
    private readonly string _site;
    private readonly TimeSpan _interval;
    private readonly FrameBuilder _builder;
    private readonly Queue<HistoryPoint> _history = new();
    private readonly Queue<DashboardEvent> _events = new();
    private SampleRound? _round;
    private DashboardFrame _frame;
    private long _sequence;
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public DashboardState(SiteTopology topology, TimeSpan interval, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(time);
        _site = topology.Site.Name;
        _interval = interval;
        _builder = new FrameBuilder(topology, topology.Database.Reads.MaxLag);
        _frame = _builder.Build(null, new SampleRound(TimeSpan.Zero, time.GetUtcNow(), new Dictionary<string, ComponentScrape>(), null));
    }

    /// <summary>Takes in one round: builds the picture, derives the events, extends the charts, wakes the streams.</summary>
    /// <returns>The events the round produced.</returns>
    public IReadOnlyList<DashboardEvent> Record(SampleRound round)
    {
        ArgumentNullException.ThrowIfNull(round);
        TaskCompletionSource woken;
        List<DashboardEvent> events;
        lock (_gate)
        {
            var frame = _builder.Build(_round, round);
            events = [.. EventDetector.Detect(_round is null ? null : _frame, frame).Select(e => e with { Sequence = ++_sequence })];
            foreach (var e in events)
            {
                _events.Enqueue(e);
            }

            while (_events.Count > EventLimit)
            {
                _events.Dequeue();
            }

            _history.Enqueue(new HistoryPoint(frame.At, [.. frame.Components.Where(c => c.Rps is not null).Select(c => new ComponentFigures(c.Name, c.Rps, c.P50Ms, c.P99Ms))]));
            while (_history.Peek().At < frame.At - HistoryWindow)
            {
                _history.Dequeue();
            }

            (_round, _frame) = (round, frame);
            (woken, _next) = (_next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        }

        woken.SetResult();
        return events;
    }

    /// <summary>Everything: the picture, every kept event and the charts' history (a page's first message).</summary>
    public DashboardSnapshot Full()
    {
        lock (_gate)
        {
            return Snapshot([.. _events], [.. _history]);
        }
    }

    /// <summary>The picture and the events after <paramref name="sequence"/> (a page's later messages).</summary>
    public DashboardSnapshot Since(long sequence)
    {
        lock (_gate)
        {
            return Snapshot([.. _events.Where(e => e.Sequence > sequence)], null);
        }
    }

    /// <summary>Completes when the next round has been recorded.</summary>
    public Task NextRoundAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _next.Task.WaitAsync(cancellationToken);
        }
    }

    private DashboardSnapshot Snapshot(IReadOnlyList<DashboardEvent> events, IReadOnlyList<HistoryPoint>? history) =>
        new(_site, _frame.At, _interval.TotalSeconds, _frame.Components, _frame.Edges, _frame.Database, events, history);
}
