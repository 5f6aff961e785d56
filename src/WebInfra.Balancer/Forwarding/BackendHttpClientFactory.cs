using Microsoft.Extensions.Logging;
using WebInfra.Balancer.Configuration;
using Yarp.ReverseProxy.Forwarder;
using WebInfra.Hosting;
using WebInfra.Hosting.Firewall;
using WebInfra.Hosting.Tls;

namespace WebInfra.Balancer.Forwarding;

/// <summary>
/// YARP's client factory with the backend's <c>timeout connect</c>: YARP's cluster configuration has no connect
/// timeout, and its default of 15 s would hold a request on a member that is gone long after another could answer.
/// Under <c>tls.internal</c> the client trusts the site's internal CA and nothing else; YARP's active health checks
/// probe through this same client, so a member whose certificate fails is never healthy.
/// Its connections leave from the component's server address, which is what the members' firewalls let in and what
/// they see as the forwarder in <c>X-Forwarded-For</c>. A member whose host goes silent is given up on after the same
/// connect timeout (<see cref="SilentPeerTimeout"/>), not after the server timeout.
/// </summary>
/// <remarks>
/// The connect timeout travels in the cluster's metadata, so a reload that changes it makes YARP ask for a new client,
/// which new requests use while those in flight finish on the old one.
/// </remarks>
internal sealed class BackendHttpClientFactory(ComponentContext component, ILogger<ForwarderHttpClientFactory> logger) : ForwarderHttpClientFactory(logger)
{
    protected override bool CanReuseOldClient(ForwarderHttpClientContext context) =>
        base.CanReuseOldClient(context) && ConnectTimeout(context.OldMetadata) == ConnectTimeout(context.NewMetadata);

    protected override void ConfigureHandler(ForwarderHttpClientContext context, SocketsHttpHandler handler)
    {
        base.ConfigureHandler(context, handler);
        handler.ConnectTimeout = ConnectTimeout(context.NewMetadata);
        handler.BindTo(component.SourceAddress).GiveUpOnSilentPeersAfter(handler.ConnectTimeout);

        if (component.Topology.Tls.Internal)
        {
            handler.SslOptions = InternalTls.ClientOptions(component.StateDirectory);
        }
    }

    private static TimeSpan ConnectTimeout(IReadOnlyDictionary<string, string>? metadata) =>
        TimeSpan.FromMilliseconds(ClusterMetadata.ReadCount(metadata, BackendProxyConfig.ConnectTimeoutMetadata));
}
