using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using WebInfra.App;
using WebInfra.Balancer;
using WebInfra.Balancer.Vrrp;
using WebInfra.Database.Connections;
using WebInfra.Database.Monitoring;
using WebInfra.Database.Provisioning;
using WebInfra.Hosting;
using WebInfra.Monitoring.Dashboard;
using WebInfra.Topology.Model;
using WebInfra.Web;

namespace WebInfra.Cli.Components;

/// <summary>
/// Runs one HTTP component in this process until it is told to stop: the role's services and endpoints on the
/// shared component host (the database monitor included, with the dashboard on its public port). Database nodes are MariaDB processes and never run here.
/// </summary>
internal static class ComponentRunner
{
    public static async Task RunAsync(ComponentContext context, CancellationToken cancellationToken)
    {
        if (context.Component.Kind == ComponentKind.Vrrp)
        {
            await KeepalivedAgentHost.RunAsync(context, cancellationToken);
            return;
        }

        if (context.Component.Kind == ComponentKind.Dns)
        {
            await NameServerAgent.RunAsync(context, cancellationToken);
            return;
        }

        var builder = ComponentHost.CreateBuilder(context);
        if (context.Component.Kind is ComponentKind.Balancer or ComponentKind.Web)
        {
            builder.UseEventLoopScheduling();
        }

        switch (context.Component.Kind)
        {
            case ComponentKind.Balancer:
                builder.AddBalancer(context);
                break;
            case ComponentKind.Web:
                builder.AddWebServer(context);
                break;
            case ComponentKind.App when context.Component.Application is not null:
                builder.AddUserApplication(context, DatabaseNodes(context));
                break;
            case ComponentKind.App:
                builder.Services.AddMessageBoard(DatabaseNodes(context));
                break;
            case ComponentKind.Monitor:
                builder.AddDatabaseMonitor(context);
                builder.AddDashboard(context);
                builder.Services.AddSingleton<IDatabaseClusterSource, MonitoredDatabaseCluster>();
                break;
            case ComponentKind.Database:
                throw new InvalidOperationException($"{context.Component.Name} is a database node; it runs as mariadbd, not in webinfra");
            default:
                throw new InvalidOperationException($"{context.Component.Name} is of kind {context.Component.Kind}, which webinfra cannot run");
        }

        await using var app = builder.Build();
        switch (context.Component.Kind)
        {
            case ComponentKind.Balancer:
                app.MapBalancer();
                break;
            case ComponentKind.Web:
                app.MapWebServer();
                break;
            case ComponentKind.Monitor:
                app.MapDatabaseMonitor();
                app.MapDashboard();
                break;
            case ComponentKind.App when context.Component.Application is not null:
                app.MapUserApplication();
                break;
            default:
                app.UseComponentDefaults();
                app.MapMessageBoard();
                break;
        }

        await app.RunAsync(cancellationToken);
    }

    /// <summary>Where an application server finds the database nodes, for the sample board and the user's application's endpoints alike.</summary>
    private static Action<MessageBoardOptions> DatabaseNodes(ComponentContext context)
    {
        var topology = context.Topology;
        var secrets = DatabaseSecrets.LoadOrCreate(context.DatabaseSecretsPath);
        string ConnectionString(Component node) =>
            DatabaseConnectionStrings.For(Supervision.DatabaseNodes.For(topology, node, context.StateDirectory), secrets.AppUser, secrets.AppPassword, topology.Database.Name, pooling: true);
        var nodes = topology.DatabaseNodes.ToList();
        return options =>
        {
            options.SiteName = topology.Site.Name;
            options.DatabaseNodes = [.. nodes.Select(ConnectionString)];
            options.DatabaseNodeNames = [.. nodes.Select(n => n.Name)];
            options.InitialPrimary = topology.Primary is { } primary ? nodes.IndexOf(primary) : 0;
            options.MaxReplicaLag = topology.Database.Reads.MaxLag;
            options.ReadsDuringFailover = topology.Database.Reads.DuringFailover;
            options.ReadYourWritesTimeout = topology.Database.Reads.ReadYourWritesTimeout;
        };
    }
}
