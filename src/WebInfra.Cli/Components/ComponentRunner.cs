using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using WebInfra.App;
using WebInfra.Balancer;
using WebInfra.Database.Connections;
using WebInfra.Database.Provisioning;
using WebInfra.Hosting;
using WebInfra.Topology.Model;
using WebInfra.Web;

namespace WebInfra.Cli.Components;

/// <summary>
/// Runs one HTTP component in this process until it is told to stop: the role's services and endpoints on the
/// shared component host. Database nodes are MariaDB processes and never run here.
/// </summary>
internal static class ComponentRunner
{
    public static async Task RunAsync(ComponentContext context, CancellationToken cancellationToken)
    {
        var builder = ComponentHost.CreateBuilder(context);
        switch (context.Component.Kind)
        {
            case ComponentKind.Balancer:
                builder.AddBalancer(context);
                break;
            case ComponentKind.Web:
                builder.AddWebServer(context);
                break;
            case ComponentKind.App:
                AddApplication(builder, context);
                break;
            default:
                throw new InvalidOperationException($"{context.Component.Name} is a database node; it runs as mariadbd, not in webinfra");
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
            default:
                app.UseComponentDefaults();
                app.MapMessageBoard();
                break;
        }

        await app.RunAsync(cancellationToken);
    }

    private static void AddApplication(WebApplicationBuilder builder, ComponentContext context)
    {
        var topology = context.Topology;
        var secrets = DatabaseSecrets.LoadOrCreate(context.DatabaseSecretsPath);
        string ConnectionString(Component node) =>
            DatabaseConnectionStrings.For(Supervision.DatabaseNodes.For(topology, node, context.StateDirectory), secrets.AppUser, secrets.AppPassword, topology.Database.Name, pooling: true);
        builder.Services.AddMessageBoard(options =>
        {
            options.SiteName = topology.Site.Name;
            options.PrimaryConnectionString = ConnectionString(topology.Primary!);
            options.ReplicaConnectionStrings = [.. topology.Replicas.Select(ConnectionString)];
        });
    }
}
