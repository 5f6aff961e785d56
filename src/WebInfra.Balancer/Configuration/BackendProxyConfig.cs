using System.Globalization;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Transforms;
using WebInfra.Balancer.Health;
using WebInfra.Balancer.LoadBalancing;
using WebInfra.Topology.Model;

namespace WebInfra.Balancer.Configuration;

/// <summary>
/// Turns a topology backend into YARP configuration: one cluster whose destinations are the backend's members,
/// and one catch-all route to it. Every policy is named explicitly so that none of YARP's defaults applies unseen.
/// </summary>
internal static class BackendProxyConfig
{
    /// <summary>The cluster metadata key of <c>timeouts.connect</c> in milliseconds, which YARP's cluster configuration has no field for.</summary>
    public const string ConnectTimeoutMetadata = "WebInfra.Timeouts.Connect";

    /// <summary>
    /// The catch-all route to <paramref name="backend"/>, with the client's address passed on explicitly rather than by
    /// YARP's default transforms. At the entry tier (<paramref name="entryTier"/>: clients connect here) nothing a
    /// client sent is trusted: <c>X-Forwarded-For</c> is set to the client's address, <c>X-Forwarded-Proto</c>,
    /// <c>-Host</c> and <c>-Prefix</c> to what this hop saw, and a <c>Forwarded</c> header is removed. Behind it, a
    /// tier appends its peer's address to <c>X-Forwarded-For</c> and passes the rest on as received, so the
    /// application reads <c>X-Forwarded-For: CLIENT, BALANCER</c> and the scheme and host the client used.
    /// </summary>
    public static RouteConfig CreateRoute(Backend backend, bool entryTier)
    {
        var route = new RouteConfig
        {
            RouteId = backend.Name,
            ClusterId = backend.Name,
            Match = new RouteMatch { Path = "{**catch-all}" },
        };
        return entryTier
            ? route
                .WithTransformXForwarded(xDefault: ForwardedTransformActions.Set)
                .WithTransformRequestHeaderRemove("Forwarded")
            : route.WithTransformXForwarded(xDefault: ForwardedTransformActions.Off, xFor: ForwardedTransformActions.Append);
    }

    public static ClusterConfig CreateCluster(Topology.Model.Topology topology, Backend backend) => new()
    {
        ClusterId = backend.Name,
        LoadBalancingPolicy = BalancingPolicies.ForAlgorithm(backend.Algorithm),
        Destinations = CreateDestinations(topology, backend),
        HttpRequest = new ForwarderRequestConfig { ActivityTimeout = backend.Timeouts.Server },
        HealthCheck = new HealthCheckConfig
        {
            AvailableDestinationsPolicy = ActiveOrBackupDestinationsPolicy.PolicyName,
            Passive = new PassiveHealthCheckConfig { Enabled = true, Policy = ErrorLimitHealthPolicy.PolicyName },
            Active = new ActiveHealthCheckConfig
            {
                Enabled = true,
                Interval = backend.Health.Interval,
                Timeout = backend.Health.Timeout,
                Path = backend.Health.Path,
                Policy = RiseFallHealthPolicy.PolicyName,
            },
        },
        Metadata = new Dictionary<string, string>
        {
            [RiseFallHealthPolicy.RiseMetadata] = backend.Health.Rise.ToString(CultureInfo.InvariantCulture),
            [RiseFallHealthPolicy.FallMetadata] = backend.Health.Fall.ToString(CultureInfo.InvariantCulture),
            [ErrorLimitHealthPolicy.ErrorLimitMetadata] = backend.Health.ErrorLimit.ToString(CultureInfo.InvariantCulture),
            [SlowStart.MetadataKey] = ((long)backend.SlowStart.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
            [ConnectTimeoutMetadata] = ((long)backend.Timeouts.Connect.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
        },
    };

    /// <summary>
    /// One destination per member that resolves, carrying the member's weight and backup flag for the policies; over
    /// HTTPS when the member listens with its internal certificate (<c>tls.internal</c>).
    /// </summary>
    private static Dictionary<string, DestinationConfig> CreateDestinations(Topology.Model.Topology topology, Backend backend) =>
        topology.ResolveMembers(backend).ToDictionary(
            m => m.Component.Name,
            m => new DestinationConfig
            {
                Address = $"{(topology.ServesInternalTls(m.Component) ? "https" : "http")}://{m.Component.Authority}/",
                Metadata = new Dictionary<string, string>
                {
                    [DestinationWeights.MetadataKey] = m.Member.Weight.ToString(CultureInfo.InvariantCulture),
                    [ActiveOrBackupDestinationsPolicy.BackupMetadata] = m.Member.Backup ? "true" : "false",
                },
            },
            StringComparer.Ordinal);
}
