using Microsoft.Extensions.Hosting;
using WebInfra.Hosting.Takeover;

namespace WebInfra.Hosting.Health;

/// <summary>
/// Whether this component should receive traffic. It turns not-ready as soon as the process begins to stop, so
/// balancers stop choosing it while requests in flight finish; unless it handed its listening sockets to a process
/// that replaces it (<see cref="ListenerSockets"/>), which answers for the same address and port from then on.
/// </summary>
public sealed class ComponentReadiness
{
    private readonly IReadinessCondition[] _conditions;
    private readonly ListenerSockets? _listeners;
    private volatile bool _stopping;

    /// <summary>Watches the host's lifetime, and whatever else the component's readiness depends on.</summary>
    public ComponentReadiness(IHostApplicationLifetime lifetime, IEnumerable<IReadinessCondition> conditions, ListenerSockets? listeners = null)
    {
        ArgumentNullException.ThrowIfNull(lifetime);
        ArgumentNullException.ThrowIfNull(conditions);
        _conditions = [.. conditions];
        _listeners = listeners;
        lifetime.ApplicationStopping.Register(() => _stopping = true);
    }

    /// <summary>True while the component accepts new work, or while the process that replaces it does.</summary>
    public bool IsReady => (!_stopping || _listeners?.HandedOver == true) && Array.TrueForAll(_conditions, c => c.IsReady);
}
