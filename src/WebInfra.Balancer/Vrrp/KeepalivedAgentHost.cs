using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using WebInfra.Hosting;

namespace WebInfra.Balancer.Vrrp;

/// <summary>Runs a balancer server's <c>vrrp</c> component: keepalived and its agent, in a host with no listener (VRRP is not HTTP).</summary>
public static class KeepalivedAgentHost
{
    /// <summary>Runs the component in <paramref name="context"/> until it is told to stop.</summary>
    public static async Task RunAsync(ComponentContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = context.Component.Name, ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.AddComponentLogging();
        builder.Services.AddSingleton(context);
        builder.Services.AddHostedService<KeepalivedAgent>();
        using var host = builder.Build();
        await host.RunAsync(cancellationToken);
    }
}
