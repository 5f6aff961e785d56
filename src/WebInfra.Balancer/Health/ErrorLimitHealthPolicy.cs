using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;
using WebInfra.Balancer.Configuration;
using WebInfra.Balancer.Forwarding;
using WebInfra.Balancer.Logging;
using WebInfra.Balancer.Metrics;

namespace WebInfra.Balancer.Health;

/// <summary>
/// Passive health checking as HAProxy's <c>observe layer4 error-limit N on-error mark-down</c>: N forwarded requests
/// in a row that cannot connect or are reset before any response byte take the destination out at once, without
/// waiting for <c>fall</c> failed probes. It leaves the active state down, so the probes bring it back after
/// <c>rise</c> successes. YARP's own passive policy counts a failure rate over a window and reactivates on a timer,
/// which would send traffic back to a dead server.
/// </summary>
internal sealed partial class ErrorLimitHealthPolicy(IDestinationHealthUpdater healthUpdater, HealthStreaks streaks, BackendMetrics metrics, ILogger<ErrorLimitHealthPolicy> logger)
    : IPassiveHealthCheckPolicy
{
    /// <summary>The policy name clusters refer to.</summary>
    public const string PolicyName = "WebInfra.ErrorLimit";

    /// <summary>Cluster metadata key holding the error limit.</summary>
    public const string ErrorLimitMetadata = "WebInfra.Health.ErrorLimit";

    public string Name => PolicyName;

    public void RequestProxied(HttpContext context, ClusterState cluster, DestinationState destination)
    {
        var streak = streaks.For(destination);
        if (context.Features.Get<IForwarderErrorFeature>() is not { } error || !ForwardingFailure.IsTransportFailure(error))
        {
            streak.RecordRequestSuccess();
            return;
        }

        var metadata = cluster.Model.Config.Metadata;
        var errorLimit = ClusterMetadata.ReadCount(metadata, ErrorLimitMetadata);
        if (streak.RecordRequestFailure(errorLimit, ClusterMetadata.ReadCount(metadata, RiseFallHealthPolicy.FallMetadata))
            && destination.Health.Active != DestinationHealth.Unhealthy)
        {
            metrics.Ejected(destination);
            Log.DestinationEjected(logger, cluster.ClusterId, destination.DestinationId, errorLimit, error.Exception?.Message ?? error.Error.ToString());
            healthUpdater.SetActive(cluster, [new NewActiveDestinationHealth(destination, DestinationHealth.Unhealthy)]);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.DestinationEjected, LogLevel.Warning, "Backend {Backend}: {Destination} is DOWN after {ErrorLimit} failed requests in a row (last: {Reason}); probes will bring it back")]
        public static partial void DestinationEjected(ILogger logger, string backend, string destination, int errorLimit, string reason);
    }
}
