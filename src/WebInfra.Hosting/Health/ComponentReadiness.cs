using Microsoft.Extensions.Hosting;

namespace WebInfra.Hosting.Health;

/// <summary>
/// Whether this component should receive traffic. It turns not-ready as soon as the process begins to stop, so
/// balancers stop choosing it while requests in flight finish.
/// </summary>
public sealed class ComponentReadiness
{
    private readonly IReadinessCondition[] _conditions;
    private volatile bool _stopping;

    /// <summary>Watches the host's lifetime, and whatever else the component's readiness depends on.</summary>
    public ComponentReadiness(IHostApplicationLifetime lifetime, IEnumerable<IReadinessCondition> conditions)
    {
        ArgumentNullException.ThrowIfNull(lifetime);
        ArgumentNullException.ThrowIfNull(conditions);
        _conditions = [.. conditions];
        lifetime.ApplicationStopping.Register(() => _stopping = true);
    }

    /// <summary>True while the component accepts new work.</summary>
    public bool IsReady => !_stopping && Array.TrueForAll(_conditions, c => c.IsReady);
}
