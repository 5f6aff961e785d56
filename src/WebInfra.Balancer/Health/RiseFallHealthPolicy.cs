using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;
using WebInfra.Balancer.Configuration;
using WebInfra.Balancer.Logging;
using WebInfra.Balancer.Metrics;

namespace WebInfra.Balancer.Health;

/// <summary>
/// HAProxy's <c>rise</c>/<c>fall</c> for YARP's active health checks. YARP's own consecutive-failures policy
/// marks a destination healthy after a single good probe, so a flapping server would take traffic again at once.
/// A destination that comes back enters service then (<see cref="MemberEntries"/>): its slow start begins.
/// </summary>
internal sealed partial class RiseFallHealthPolicy(
    IDestinationHealthUpdater healthUpdater, HealthStreaks streaks, MemberEntries entries, BackendMetrics metrics, ILogger<RiseFallHealthPolicy> logger) : IActiveHealthCheckPolicy
{
    /// <summary>The policy name clusters refer to.</summary>
    public const string PolicyName = "RiseFall";

    /// <summary>Cluster metadata key holding <c>rise</c>.</summary>
    public const string RiseMetadata = "WebInfra.Health.Rise";

    /// <summary>Cluster metadata key holding <c>fall</c>.</summary>
    public const string FallMetadata = "WebInfra.Health.Fall";

    public string Name => PolicyName;

    public void ProbingCompleted(ClusterState cluster, IReadOnlyList<DestinationProbingResult> probingResults)
    {
        if (probingResults.Count == 0)
        {
            return;
        }

        var metadata = cluster.Model.Config.Metadata;
        var rise = ClusterMetadata.ReadCount(metadata, RiseMetadata);
        var fall = ClusterMetadata.ReadCount(metadata, FallMetadata);
        var updates = new NewActiveDestinationHealth[probingResults.Count];
        for (var i = 0; i < probingResults.Count; i++)
        {
            var result = probingResults[i];
            var destination = result.Destination;
            var previous = destination.Health.Active;
            var success = result.Response is { IsSuccessStatusCode: true };
            var next = streaks.For(destination).Record(success, previous, rise, fall);
            if (next != previous && next == DestinationHealth.Unhealthy)
            {
                metrics.Ejected(destination);
                Log.DestinationDown(logger, cluster.ClusterId, destination.DestinationId, fall, result.Exception?.Message ?? $"HTTP {(int?)result.Response?.StatusCode}");
            }
            else if (next != previous && previous == DestinationHealth.Unhealthy)
            {
                entries.Entered(destination);
                Log.DestinationUp(logger, cluster.ClusterId, destination.DestinationId, rise);
            }

            updates[i] = new NewActiveDestinationHealth(destination, next);
        }

        healthUpdater.SetActive(cluster, updates);
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.DestinationDown, LogLevel.Warning, "Backend {Backend}: {Destination} is DOWN after {Fall} failed checks (last: {Reason})")]
        public static partial void DestinationDown(ILogger logger, string backend, string destination, int fall, string reason);

        [LoggerMessage(EventIds.DestinationUp, LogLevel.Information, "Backend {Backend}: {Destination} is UP after {Rise} good checks")]
        public static partial void DestinationUp(ILogger logger, string backend, string destination, int rise);
    }
}
