using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Http;
using WebInfra.Balancer.Health;
using WebInfra.Balancer.LoadBalancing;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.LoadBalancing;
using Yarp.ReverseProxy.Model;

namespace WebInfra.Balancer.Tests.LoadBalancing;

/// <summary>Destinations as YARP builds them from configuration, with the weight in their metadata.</summary>
internal static class TestDestinations
{
    /// <summary>Smooth weighted round robin over weights 3 and 1, two cycles: interleaved, and exact in every cycle of four.</summary>
    public static readonly string[] ThreeToOneTwice =
        ["server-1/web", "server-1/web", "server-2/web", "server-1/web", "server-1/web", "server-1/web", "server-2/web", "server-1/web"];

    /// <summary>Weights as configured: a cluster without a model has no slow start.</summary>
    public static SlowStart NoSlowStart { get; } = new(new MemberEntries(TimeProvider.System), TimeProvider.System);

    public static DestinationState[] Create(params int[] weights) =>
        [.. weights.Select((weight, i) => Create($"server-{i + 1}/web", weight))];

    public static DestinationState Create(string id, int weight) => new(id, new DestinationModel(new DestinationConfig
    {
        Address = "http://127.0.0.1/",
        Metadata = new Dictionary<string, string> { [DestinationWeights.MetadataKey] = weight.ToString(CultureInfo.InvariantCulture) },
    }));

    public static HttpContext From(IPAddress client) => new DefaultHttpContext { Connection = { RemoteIpAddress = client } };

    /// <summary>The ids of <paramref name="count"/> successive picks over the same destinations.</summary>
    public static string[] Picks(ILoadBalancingPolicy policy, ClusterState cluster, IReadOnlyList<DestinationState> destinations, int count) =>
        [.. Enumerable.Range(0, count).Select(_ => policy.PickDestination(new DefaultHttpContext(), cluster, destinations)!.DestinationId)];
}
