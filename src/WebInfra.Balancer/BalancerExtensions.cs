using Microsoft.AspNetCore.Builder;
using WebInfra.Hosting;
using WebInfra.Hosting.AccessLogs;

namespace WebInfra.Balancer;

/// <summary>The balancer component (HAProxy's role): every request goes to the backend the topology names for it.</summary>
public static class BalancerExtensions
{
    /// <summary>Adds the balancer's services for the component in <paramref name="context"/>.</summary>
    public static WebApplicationBuilder AddBalancer(this WebApplicationBuilder builder, ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddBackendProxy(context);
        builder.Services.AddAccessLog(context);
        return builder;
    }

    /// <summary>Maps the balancer's pipeline: the shared component endpoints, then the proxy.</summary>
    public static WebApplication MapBalancer(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseComponentDefaults();
        app.MapBackendProxy();
        return app;
    }
}
