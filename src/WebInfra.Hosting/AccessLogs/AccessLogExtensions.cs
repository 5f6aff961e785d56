using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace WebInfra.Hosting.AccessLogs;

/// <summary>
/// Gives a component an access log (nginx's <c>access_log</c>, HAProxy's <c>option httplog</c>): the balancer and the
/// web servers keep one, beside their own log, unless the topology says <c>site.access_log: off</c>.
/// </summary>
public static class AccessLogExtensions
{
    /// <summary>
    /// Registers the access log's writer for the component in <paramref name="context"/>, unless the topology turns access
    /// logs off; the request metrics' middleware then takes every request into it (<see cref="Metrics.ComponentMetrics.UseRequestMetrics"/>).
    /// </summary>
    public static IServiceCollection AddAccessLog(this IServiceCollection services, ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = context.Topology.Site.AccessLog;
        if (!settings.Enabled)
        {
            return services;
        }

        services.AddSingleton(provider => new AccessLogWriter(context.AccessLogPath, settings, provider.GetRequiredService<ILogger<AccessLogWriter>>()));
        services.AddHostedService(provider => provider.GetRequiredService<AccessLogWriter>());
        return services;
    }
}
