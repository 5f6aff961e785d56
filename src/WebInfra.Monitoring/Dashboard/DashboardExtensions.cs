using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using WebInfra.Hosting;
using WebInfra.Monitoring.Dashboard.Login;
using WebInfra.Monitoring.Sampling;

namespace WebInfra.Monitoring.Dashboard;

/// <summary>
/// The live dashboard a component serves on its public port (the monitor's): the topology coloured by health with
/// requests per second on every arrow, QPS and p50/p99 charts per component, the database cluster and an event log,
/// updated once a second over server-sent events. It polls every component's admin listener itself, so it needs
/// nothing but the topology (and, for the database panel, an <see cref="IDatabaseClusterSource"/>).
/// </summary>
public static class DashboardExtensions
{
    /// <summary>Adds the sampler and the dashboard's state for the site of <paramref name="context"/>.</summary>
    public static WebApplicationBuilder AddDashboard(this WebApplicationBuilder builder, ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(context);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(services => new DashboardState(context.Topology, ComponentSampler.Interval, services.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton(DashboardAssets.Load());
        builder.Services.AddSingleton<DashboardSessions>();
        builder.Services.AddHostedService<ComponentSampler>();
        return builder;
    }

    /// <summary>Maps the page and its API on the public listener; call after the component's own pipeline.</summary>
    public static WebApplication MapDashboard(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        DashboardEndpoints.Map(app);
        return app;
    }
}
