using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WebInfra.Database.Failover;
using WebInfra.Database.Leadership;
using WebInfra.Database.Metrics;
using WebInfra.Database.Provisioning;
using WebInfra.Database.Replication;
using WebInfra.Hosting;
using WebInfra.Hosting.Administration;
using WebInfra.Hosting.Metrics;
using WebInfra.Topology.Model;

namespace WebInfra.Database.Monitoring;

/// <summary>
/// The database monitor component (<c>monitor</c>): checks every database node of the topology and keeps one writable
/// primary, promoting the most advanced replica when the primary fails. Its admin listener serves the cluster's state
/// and the switchover.
/// </summary>
public static class DatabaseMonitorExtensions
{
    /// <summary>Adds the monitor's services for the component in <paramref name="context"/>.</summary>
    public static WebApplicationBuilder AddDatabaseMonitor(this WebApplicationBuilder builder, ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(context);
        var topology = context.Topology;
        var nodes = TopologyDatabaseNodes.All(topology, context.StateDirectory);
        var primary = TopologyDatabaseNodes.For(topology, topology.Primary!, context.StateDirectory);
        var failover = topology.Database.Failover;
        var secrets = DatabaseSecrets.LoadOrCreate(context.DatabaseSecretsPath);

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(new MonitorSettings(failover.Interval));
        builder.Services.AddSingleton(new NodeAdministration(secrets));
        builder.Services.AddSingleton<NodeProbe>();
        AddLeadership(builder.Services, context);
        builder.Services.AddSingleton(services => new FailoverCoordinator(
            nodes,
            primary,
            failover.Fall,
            ReplicationName(topology.EffectiveReplication),
            topology.EffectiveFencing,
            failover.Lease,
            services.GetRequiredService<NodeAdministration>(),
            services.GetRequiredService<IMonitorLeadership>(),
            services.GetRequiredService<TimeProvider>(),
            services.GetRequiredService<ILogger<FailoverCoordinator>>()));
        builder.Services.AddSingleton<IClusterStatusSource>(services => services.GetRequiredService<FailoverCoordinator>());
        builder.Services.AddHostedService(services => new DatabaseMonitor(
            nodes,
            failover.Interval,
            services.GetRequiredService<NodeProbe>(),
            services.GetRequiredService<FailoverCoordinator>(),
            services.GetRequiredService<TimeProvider>(),
            services.GetRequiredService<ILogger<DatabaseMonitor>>()));
        builder.Services.AddSingleton<IAdminEndpoints, MonitorAdminEndpoints>();
        builder.Services.AddSingleton<IStateMetrics, DatabaseClusterMetrics>();
        return builder;
    }

    /// <summary>
    /// One monitor leads alone; with etcd members in the topology, the monitors elect their leader there. Registered as a
    /// hosted service before the monitor's checks, so it campaigns before they start and resigns after they stop.
    /// </summary>
    private static void AddLeadership(IServiceCollection services, ComponentContext context)
    {
        var record = new PrimaryRecord(context.StateDirectory);
        var members = context.Topology.EtcdMembers.Select(m => new Uri($"http://{m.Authority}")).ToList();
        if (members.Count == 0)
        {
            services.AddSingleton<IMonitorLeadership>(s => new LocalMonitorLeadership(context.Component.Name, record, s.GetRequiredService<TimeProvider>()));
            return;
        }

        services.AddSingleton(s => new EtcdMonitorLeadership(
            context.Component.Name, context.Topology.Site.Name, members, record, s.GetRequiredService<TimeProvider>(), s.GetRequiredService<ILogger<EtcdMonitorLeadership>>()));
        services.AddSingleton<IMonitorLeadership>(s => s.GetRequiredService<EtcdMonitorLeadership>());
        services.AddHostedService(s => s.GetRequiredService<EtcdMonitorLeadership>());
    }

    /// <summary>Maps the monitor's pipeline: the shared component endpoints (health, and the admin listener with <c>/cluster</c>).</summary>
    public static WebApplication MapDatabaseMonitor(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseComponentDefaults();
        return app;
    }

    /// <summary>The topology's word for a replication mode.</summary>
    public static string ReplicationName(ReplicationMode mode) => mode == ReplicationMode.Async ? "async" : "semisync";
}
