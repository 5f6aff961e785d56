using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Configuration;
using WebInfra.Balancer.Draining;
using WebInfra.Balancer.Logging;
using WebInfra.Hosting;
using WebInfra.Hosting.Reloading;
using WebInfra.Topology.Model;

namespace WebInfra.Balancer.Configuration;

/// <summary>
/// The backend a forwarding component sends requests to, as the topology applied last describes it, and the seam
/// through which a reload reaches YARP: <c>InMemoryConfigProvider.Update</c> with the new route and cluster.
/// YARP keeps the state of every destination that stays (its health, its requests in flight, the rise/fall streaks
/// keyed on it), adds and removes the others, and takes the new weights, algorithm and health settings for the next
/// request, so no request fails. Drains are kept by member name and survive too; a member that leaves the backend
/// leaves the drain list with it, so one added again later starts in service.
/// </summary>
internal sealed partial class LiveBackend(
    ComponentContext started,
    InMemoryConfigProvider proxyConfig,
    DrainRegistry drains,
    IOptions<KestrelServerOptions> kestrel,
    ILogger<LiveBackend> logger) : IReloadable
{
    private Backend _backend = started.Topology.FindBackend(started.Component.Backend)!;

    /// <summary>The backend now.</summary>
    public Backend Backend => Volatile.Read(ref _backend);

    public void Reload(ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var backend = context.Topology.FindBackend(context.Component.Backend)
            ?? throw new InvalidOperationException($"'{context.Component.Name}' names backend '{context.Component.Backend}', which the topology does not define");
        var cluster = BackendProxyConfig.CreateCluster(context.Topology, backend);
        Volatile.Write(ref _backend, backend);

        // HAProxy's timeout client, which Kestrel reads for each new connection.
        kestrel.Value.Limits.KeepAliveTimeout = backend.Timeouts.Client;
        kestrel.Value.Limits.RequestHeadersTimeout = backend.Timeouts.Client;
        proxyConfig.Update([BackendProxyConfig.CreateRoute(backend, context.Topology.IsEntryTier(context.Component))], [cluster]);
        foreach (var gone in drains.Drained.Where(member => !cluster.Destinations!.ContainsKey(member)))
        {
            drains.Undrain(gone);
        }

        Log.Reloaded(logger, backend.Name, cluster.Destinations!.Count, backend.Algorithm);
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.BackendReloaded, LogLevel.Information, "Backend {Backend} reloaded: {Members} member(s), {Algorithm}")]
        public static partial void Reloaded(ILogger logger, string backend, int members, string algorithm);
    }
}
