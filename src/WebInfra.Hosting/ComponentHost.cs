using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using WebInfra.Hosting.AccessLogs;
using WebInfra.Hosting.Administration;
using WebInfra.Hosting.Firewall;
using WebInfra.Hosting.Health;
using WebInfra.Hosting.Metrics;
using WebInfra.Hosting.Reloading;
using WebInfra.Hosting.Routing;
using WebInfra.Hosting.Security;
using WebInfra.Hosting.Takeover;
using WebInfra.Hosting.Tls;

namespace WebInfra.Hosting;

/// <summary>
/// Builds the ASP.NET Core host every HTTP component runs in, so that all of them listen, log, report health
/// and mark their responses the same way. A role adds its own services and endpoints on top.
/// </summary>
public static class ComponentHost
{
    /// <summary>
    /// A builder listening on the component's own address and port, and on its admin port: on sockets of its own, or on
    /// those of the process it takes over from (<see cref="ComponentContext.TakesOver"/>, <see cref="ListenerSockets"/>).
    /// </summary>
    public static WebApplicationBuilder CreateBuilder(ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = context.Component.Name,
            ContentRootPath = AppContext.BaseDirectory,
        });

        // Every listener of the component, its own or a role's, binds through the sockets a successor can take over.
        var listeners = ListenerSockets.Open(context);
        builder.Services.AddSingleton(listeners);
        builder.Services.Configure<SocketTransportOptions>(sockets => sockets.CreateBoundListenSocket = listeners.Bind);
        builder.Services.AddHostedService<TakeoverSocket>();

        // The firewall is on or off for the process's life; which peers it admits follows each reload.
        var live = new LiveTopology(context);
        ListenOptions Guarded(ListenOptions listen) => context.Firewall is null ? listen : listen.UseFirewall(() => live.Firewall!);
        var siteCertificate = context.Component.HttpsPort is not null || context.Topology.ServesSiteTls(context.Component)
            ? new Lazy<SiteCertificate>(() => new SiteCertificate(context))
            : null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.ConfigureEndpointDefaults(listen => listen.Use(next => connection => listeners.AdmitAsync(() => next(connection))));
            kestrel.Limits.Apply(context.Topology.Limits);

            // A backend member under tls.internal takes its forwarders' traffic over HTTPS only; its admin listener stays
            // plain HTTP for operators and 'webinfra status'.
            var internalTls = context.Topology.ServesInternalTls(context.Component);
            var siteTls = context.Topology.ServesSiteTls(context.Component);
            void Public(ListenOptions listen)
            {
                Guarded(listen).UseConnectionMetrics();
                if (siteTls)
                {
                    listen.UseSiteHttps(siteCertificate!.Value);
                }
                else if (internalTls)
                {
                    listen.UseInternalHttps(context);
                }
            }

            // A balancer answers on its server's address and on every VIP it may hold (the server lets it bind one it does
            // not hold yet), so it serves the moment keepalived takes a VIP over.
            // The port of an application server that runs the user's application is that application's own.
            IPAddress[] addresses = context.Component.Application is not null ? []
                : [context.Component.Address, .. context.Topology.VipsServedBy(context.Component).Select(v => v.Address)];
            foreach (var address in addresses)
            {
                kestrel.Listen(address, context.Component.Port, Public);
                if (context.Component.HttpsPort is { } https)
                {
                    kestrel.Listen(address, https, listen => Guarded(listen).UseConnectionMetrics().UseSiteHttps(siteCertificate!.Value));
                }
            }

            if (context.Component.AdminEndPoint is { } admin)
            {
                kestrel.Listen(admin, listen => Guarded(listen));
            }
        });

        builder.Logging.AddComponentLogging();

        builder.Services.AddSingleton(context);
        builder.Services.AddSingleton(live);
        builder.Services.AddSingleton<IAdminEndpoints, TopologyAdminEndpoints>();
        builder.Services.AddSingleton<IReloadable, RequestLimitsReload>();
        if (siteCertificate is not null)
        {
            builder.Services.AddSingleton<IReloadable>(_ => siteCertificate.Value);
        }

        builder.Services.AddSingleton<ComponentReadiness>();
        builder.Services.AddAdminAuthentication(context);
        builder.Services.AddComponentMetrics();
        builder.Services.AddRequestLimits(context);
        if (context.Component.HttpsPort is { } httpsPort)
        {
            builder.Services.AddSiteTls(httpsPort, context.Topology.Tls);
        }
        return builder;
    }

    /// <summary>
    /// Runs a component that listens on no port of its own until it is told to stop: <typeparamref name="TAgent"/> as its
    /// one hosted service (keepalived's agent, the DNS server's), with the same log as every component.
    /// </summary>
    public static async Task RunAgentAsync<TAgent>(ComponentContext context, CancellationToken cancellationToken)
        where TAgent : class, IHostedService
    {
        ArgumentNullException.ThrowIfNull(context);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = context.Component.Name, ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.AddComponentLogging();
        builder.Services.AddSingleton(context);
        builder.Services.AddHostedService<TAgent>();
        using var host = builder.Build();
        await host.RunAsync(cancellationToken);
    }

    /// <summary>
    /// The log every component writes: one line per event on its output (its log file), UTC timestamps, and the
    /// frameworks' chatter kept to warnings.
    /// </summary>
    public static ILoggingBuilder AddComponentLogging(this ILoggingBuilder logging)
    {
        logging.ClearProviders();
        logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            console.UseUtcTimestamp = true;
        });
        logging.SetMinimumLevel(LogLevel.Information);
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        // Hosting logs only each request's start and end (Information); while its logger is enabled at any level, ASP.NET
        // Core creates an Activity for every request to correlate those lines: the largest allocation a proxied request
        // made that nothing here used (bench/README.md, "What each change bought").
        logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        logging.AddFilter("Yarp", LogLevel.Warning);

        // The balancing policy logs each state change once; YARP would log every failed probe with a stack trace.
        logging.AddFilter("Yarp.ReverseProxy.Health", LogLevel.Error);

        // YARP logs every failed forwarding attempt with a stack trace, retried or not; the balancer logs one line for
        // each request it finally fails, and one for each member it takes out.
        logging.AddFilter("Yarp.ReverseProxy.Forwarder", LogLevel.Error);
        logging.AddFilter("System.Net.Http", LogLevel.Warning);
        logging.AddFilter("MySqlConnector", LogLevel.Warning);
        return logging;
    }

    /// <summary>
    /// Adds what every component serves before its own endpoints: the admin listener's endpoints, request metrics and
    /// the access log (when the component keeps one, see <see cref="AccessLogExtensions.AddAccessLog"/>),
    /// the route header (when the topology asks for it) and the health endpoint probed by balancers and by
    /// <c>webinfra status</c>. <paramref name="unrouted"/> classes the requests no endpoint takes (default: other).
    /// </summary>
    public static WebApplication UseComponentDefaults(this WebApplication app, RequestClass? unrouted = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        var context = app.Services.GetRequiredService<ComponentContext>();

        // A process that handed its sockets on and stopped accepting ends each connection after its next response, on
        // the admin listener too: the client's next request opens a connection that the new process accepts.
        var listeners = app.Services.GetRequiredService<ListenerSockets>();
        app.Use((http, next) =>
        {
            if (listeners.IsClosing)
            {
                http.Response.Headers.Connection = "close";
            }

            return next(http);
        });

        if (context.Component.AdminPort is { } adminPort)
        {
            app.UseAdminListener(adminPort);
        }

        app.UseRequestMetrics(unrouted ?? RequestClass.Other);
        if (context.Component.HttpsPort is not null)
        {
            app.UseSiteTls(context.Topology.Tls);
        }

        app.UseRequestLimits(context);

        if (context.Topology.Site.RouteHeader)
        {
            app.UseMiddleware<ServedByMiddleware>();
        }

        app.MapComponentHealth();
        return app;
    }
}
