using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Prometheus;
using WebInfra.Hosting.AccessLogs;
using WebInfra.Hosting.Administration;

namespace WebInfra.Hosting.Metrics;

/// <summary>
/// Wires the metrics every component shares: request counts and latency by class, open connections, and the
/// process' own figures (CPU, memory, GC). Roles add their own series (backends, queries, database nodes) to the
/// same default registry, so one scrape of a component sees all of them.
/// </summary>
public static class ComponentMetrics
{
    /// <summary>Where every component's admin listener serves its metrics: the path Prometheus scrapes by default.</summary>
    public const string Path = "/metrics";

    private static readonly Lazy<bool> s_defaultsChosen = new(() =>
    {
        // The .NET event counters and meters would duplicate what is exported here and make every request pay for
        // instruments nobody scrapes; the process and GC figures stay.
        Prometheus.Metrics.SuppressDefaultMetrics(new SuppressDefaultMetricOptions { SuppressEventCounters = true, SuppressMeters = true });
        return true;
    });

    /// <summary>Registers <c>/metrics</c> on the admin listener.</summary>
    public static IServiceCollection AddComponentMetrics(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        _ = s_defaultsChosen.Value;
        services.AddSingleton<IAdminEndpoints, MetricsAdminEndpoints>();
        return services;
    }

    /// <summary>Counts the connections of a public listener.</summary>
    public static ListenOptions UseConnectionMetrics(this ListenOptions listen)
    {
        ArgumentNullException.ThrowIfNull(listen);
        listen.Use(next => async connection =>
        {
            HttpMetrics.ConnectionsAccepted.Inc();
            HttpMetrics.ConnectionsOpen.Inc();
            try
            {
                await next(connection);
            }
            finally
            {
                HttpMetrics.ConnectionsOpen.Dec();
            }
        });
        return listen;
    }

    /// <summary>
    /// Counts every request that reaches the rest of the pipeline, and takes it into the access log when the component
    /// keeps one (<see cref="AccessLogExtensions.AddAccessLog"/>). <paramref name="unrouted"/> is the class of a request
    /// no endpoint took (a static file on a web server, a 404 elsewhere).
    /// </summary>
    public static IApplicationBuilder UseRequestMetrics(this IApplicationBuilder app, RequestClass unrouted)
    {
        ArgumentNullException.ThrowIfNull(app);
        var accessLog = app.ApplicationServices.GetService<AccessLogWriter>() is { } writer ? new AccessLogRecorder(writer) : null;
        return accessLog is null
            ? app.UseMiddleware<RequestMetricsMiddleware>(unrouted)
            : app.UseMiddleware<RequestMetricsMiddleware>(unrouted, accessLog);
    }
}
