using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Model;
using WebInfra.Hosting.Health;

namespace WebInfra.Balancer.Health;

/// <summary>
/// A forwarder started to take over from its running process (<c>webinfra restart</c>) is ready once its backend has a
/// member up by its own probes. A cold process's first probes may time out (HAProxy keeps its servers' states across a
/// reload in its <c>server-state-file</c> for the same reason); until this holds, the process it replaces serves on and
/// the connections this one accepted wait, instead of getting a 503 for members it has not yet seen answer.
/// </summary>
internal sealed class ProbedMembersReadiness(IProxyStateLookup proxy) : IReadinessCondition
{
    public bool IsReady => proxy.GetClusters().All(cluster =>
        cluster.Model.Config.HealthCheck?.Active?.Enabled != true
        || cluster.Destinations.IsEmpty
        || cluster.Destinations.Values.Any(d => d.Health.Active == DestinationHealth.Healthy));
}
