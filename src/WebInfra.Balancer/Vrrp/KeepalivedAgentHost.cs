using WebInfra.Hosting;

namespace WebInfra.Balancer.Vrrp;

/// <summary>Runs a balancer server's <c>vrrp</c> component: keepalived and its agent, in a host with no listener (VRRP is not HTTP).</summary>
public static class KeepalivedAgentHost
{
    /// <summary>Runs the component in <paramref name="context"/> until it is told to stop.</summary>
    public static Task RunAsync(ComponentContext context, CancellationToken cancellationToken) =>
        ComponentHost.RunAgentAsync<KeepalivedAgent>(context, cancellationToken);
}
