using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Balancer;
using Grpc.Net.Client.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace WebInfra.Database.Leadership;

/// <summary>
/// One gRPC channel to every member of the site's etcd cluster, spreading calls round-robin over the members that
/// answer, so a monitor keeps its lease and its view of the election while any member of the quorum is up.
/// </summary>
internal static class EtcdChannel
{
    /// <summary>How often an idle connection to a member is pinged while calls are under way, and how long a ping may go unanswered.</summary>
    public static readonly TimeSpan KeepAlivePing = TimeSpan.FromSeconds(1);

    public static GrpcChannel For(IReadOnlyList<Uri> endpoints)
    {
        var resolver = new StaticResolverFactory(_ => [.. endpoints.Select(e => new BalancerAddress(e.Host, e.Port))]);
        var services = new ServiceCollection().AddSingleton<ResolverFactory>(resolver).BuildServiceProvider();
        return GrpcChannel.ForAddress("static:///etcd", new GrpcChannelOptions
        {
            Credentials = ChannelCredentials.Insecure,
            ServiceProvider = services,
            ServiceConfig = new ServiceConfig { LoadBalancingConfigs = { new RoundRobinConfig() } },
            HttpHandler = new SocketsHttpHandler
            {
                UseProxy = false,
                ConnectTimeout = TimeSpan.FromSeconds(1),
                EnableMultipleHttp2Connections = true,

                // A member whose host went silent (powered off: no reset, no answer) keeps its connection open, and
                // round robin would keep sending it every third call, each to its deadline, so the monitor's lease
                // renewals fail and its leadership flaps for as long as the kernel keeps the connection (15 s measured
                // on the SSH lab). An HTTP/2 ping unanswered within a second (the least SocketsHttpHandler takes) drops
                // the connection, and the member with it until it answers again; etcd is told to accept a ping a second
                // (--grpc-keepalive-min-time).
                KeepAlivePingDelay = KeepAlivePing,
                KeepAlivePingTimeout = KeepAlivePing,
                KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            },
        });
    }
}
