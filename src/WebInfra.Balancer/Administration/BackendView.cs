using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Model;
using WebInfra.Balancer.Draining;
using WebInfra.Balancer.Health;
using WebInfra.Balancer.LoadBalancing;
using WebInfra.Balancer.Metrics;
using WebInfra.Hosting.Reloading;

namespace WebInfra.Balancer.Administration;

/// <summary>
/// A forwarding component's backend as it stands now, read from YARP's live state and the drain registry: what
/// <c>GET /backend</c> answers and what the backend gauges report, from one place so the two never disagree.
/// </summary>
internal sealed class BackendView(LiveTopology live, IProxyStateLookup proxyState, DrainRegistry drains, BackendMetrics metrics)
{
    /// <summary>The name of the backend this component forwards to.</summary>
    public string BackendName => live.Context.Component.Backend!;

    /// <summary>YARP's cluster of the backend, or null before the proxy has loaded its configuration.</summary>
    public ClusterState? Cluster() => proxyState.TryGetCluster(BackendName, out var cluster) ? cluster : null;

    /// <summary>Every member, in topology order, with its health, drain and whether it may take new requests now.</summary>
    public BackendStatus Snapshot()
    {
        var context = live.Context;
        var backend = context.Topology.FindBackend(BackendName)!;
        var cluster = Cluster();
        var serving = cluster?.DestinationsState.AvailableDestinations ?? [];
        var members = new List<MemberStatus>(backend.Members.Count);
        foreach (var (_, component) in context.Topology.ResolveMembers(backend))
        {
            if (cluster is null || !cluster.Destinations.TryGetValue(component.Name, out var destination))
            {
                continue;
            }

            var (forwarded, serverErrors) = metrics.CountsOf(component.Name);
            members.Add(new MemberStatus(
                component.Name,
                component.Authority,
                DestinationWeights.Of(destination),
                ActiveOrBackupDestinationsPolicy.IsBackup(destination),
                HealthWord(destination.Health.Active),
                drains.IsDrained(component.Name),
                serving.Contains(destination),
                destination.ConcurrentRequestCount)
            {
                Forwarded = forwarded,
                ServerErrors = serverErrors,
            });
        }

        return new BackendStatus(backend.Name, context.Component.Name, backend.Algorithm, members);
    }

    private static string HealthWord(DestinationHealth health) => health switch
    {
        DestinationHealth.Healthy => "up",
        DestinationHealth.Unhealthy => "down",
        _ => "unknown",
    };
}
