using Microsoft.Extensions.Hosting;

namespace WebInfra.Hosting.Health;

/// <summary>
/// Whether this component should receive traffic. It turns not-ready as soon as the process begins to stop, so
/// balancers stop choosing it while requests in flight finish.
/// </summary>
public sealed class ComponentReadiness
{
    private volatile bool _stopping;

    /// <summary>Watches the host's lifetime.</summary>
    public ComponentReadiness(IHostApplicationLifetime lifetime)
    {
        ArgumentNullException.ThrowIfNull(lifetime);
        lifetime.ApplicationStopping.Register(() => _stopping = true);
    }

    /// <summary>True while the component accepts new work.</summary>
    public bool IsReady => !_stopping;
}
