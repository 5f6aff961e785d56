using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WebInfra.App.Application;
using WebInfra.App.DatabaseEndpoints;
using WebInfra.App.Storage;
using WebInfra.Database.Provisioning;
using WebInfra.Hosting;
using WebInfra.Hosting.Administration;
using WebInfra.Hosting.Firewall;
using WebInfra.Hosting.Health;
using WebInfra.Hosting.Metrics;

namespace WebInfra.App;

/// <summary>
/// An application server that runs the user's own application (a command in any language) instead of the sample
/// board: the application on the component's port as its child, supervised and health-checked; and, when the site has
/// a database, the writer and reader endpoints on the server's address, which follow the primary so the application
/// needs no failover logic. The application server itself keeps only its admin listener.
/// </summary>
public static class UserApplicationExtensions
{
    /// <summary>Adds the supervisor of the application in <paramref name="context"/>'s component and its database endpoints.</summary>
    /// <param name="builder">The component's host.</param>
    /// <param name="context">An application server whose component names the user's application.</param>
    /// <param name="configureDatabase">Where the database nodes are, as the message board is told.</param>
    public static WebApplicationBuilder AddUserApplication(this WebApplicationBuilder builder, ComponentContext context, Action<MessageBoardOptions> configureDatabase)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(context);
        var application = context.Component.Application
            ?? throw new InvalidOperationException($"{context.Component.Name} runs the sample board, not an application of the user's");
        var state = new ApplicationState(context.Component.Name, application.Command);
        builder.Services.AddSingleton(state);
        builder.Services.AddSingleton<IReadinessCondition>(state);
        builder.Services.AddSingleton<IAdminEndpoints, ApplicationAdminEndpoints>();
        builder.Services.AddSingleton<IStateMetrics, ApplicationMetrics>();

        var endpoints = context.Topology.DatabaseEndpointsOf(context.Component);
        var secrets = endpoints.Count > 0 ? DatabaseSecrets.LoadOrCreate(context.DatabaseSecretsPath) : null;
        var environment = ApplicationEnvironment.For(context, secrets);
        builder.Services.AddHostedService(services => new ApplicationSupervisor(
            context,
            state,
            environment,
            services.GetService<TimeProvider>() ?? TimeProvider.System,
            services.GetRequiredService<IHostApplicationLifetime>(),
            services.GetRequiredService<ILogger<ApplicationSupervisor>>()));
        if (endpoints.Count == 0)
        {
            return builder;
        }

        builder.Services.AddDatabaseCluster(configureDatabase);
        builder.Services.AddSingleton<WriterFence>();
        var firewall = context.Firewall;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            foreach (var endpoint in endpoints)
            {
                kestrel.Listen(endpoint, listen => (firewall is null ? listen : listen.UseFirewall(() => firewall)).UseConnectionHandler<DatabaseEndpointHandler>());
            }
        });
        return builder;
    }

    /// <summary>Maps what every component serves on its admin listener; the application serves everything else itself.</summary>
    public static WebApplication MapUserApplication(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseComponentDefaults();
        return app;
    }
}
