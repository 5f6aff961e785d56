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
    public static GrpcChannel For(IReadOnlyList<Uri> endpoints)
    {
        var resolver = new StaticResolverFactory(_ => [.. endpoints.Select(e => new BalancerAddress(e.Host, e.Port))]);
        var services = new ServiceCollection().AddSingleton<ResolverFactory>(resolver).BuildServiceProvider();
        return GrpcChannel.ForAddress("static:///etcd", new GrpcChannelOptions
        {
            Credentials = ChannelCredentials.Insecure,
            ServiceProvider = services,
            ServiceConfig = new ServiceConfig { LoadBalancingConfigs = { new RoundRobinConfig() } },
            HttpHandler = new SocketsHttpHandler { UseProxy = false, ConnectTimeout = TimeSpan.FromSeconds(1), EnableMultipleHttp2Connections = true },
        });
    }
}
