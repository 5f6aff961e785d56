using Microsoft.Extensions.Logging.Abstractions;
using WebInfra.App;
using WebInfra.Database.Provisioning;
using WebInfra.Database.Replication;
using WebInfra.Hosting;
using WebInfra.Topology.Model;

namespace WebInfra.Cli.Supervision;

/// <summary>
/// The topology's database components as MariaDB nodes: where their data lives, how they are installed and
/// started, and how the cluster is wired once they run (schema on the primary, replication on the replicas).
/// </summary>
internal sealed class DatabaseCluster
{
    private readonly Topology.Model.Topology _topology;
    private readonly StateDirectory _state;
    private readonly Lazy<MariaDbProvisioner> _provisioner;

    public DatabaseCluster(Topology.Model.Topology topology, StateDirectory state)
    {
        _topology = topology;
        _state = state;
        Secrets = DatabaseSecrets.LoadOrCreate(ComponentContext.DatabaseSecretsPathIn(state.Path));
        _provisioner = new(() => new MariaDbProvisioner(NullLoggerFactory.Instance));
        Bootstrapper = new ClusterBootstrapper(Secrets, NullLoggerFactory.Instance);
    }

    public DatabaseSecrets Secrets { get; }

    public ClusterBootstrapper Bootstrapper { get; }

    /// <summary>The MariaDB node for a database component.</summary>
    public DatabaseNode NodeFor(Component component) => DatabaseNodes.For(_topology, component, _state.Path);

    /// <summary>Creates the data directory on first start; returns the mariadbd command line.</summary>
    public async Task<MariaDbCommandLine> PrepareAsync(Component component, CancellationToken cancellationToken)
    {
        var node = NodeFor(component);
        await _provisioner.Value.InstallAsync(node, Secrets, _topology.Database.Name, cancellationToken);
        return _provisioner.Value.BuildCommandLine(node);
    }

    /// <summary>Makes the started nodes a cluster: the site's schema on the primary, replicas following it.</summary>
    public async Task WireAsync(IReadOnlyList<Component> started, CancellationToken cancellationToken)
    {
        var primary = _topology.Primary is { } p ? NodeFor(p) : null;
        if (primary is null)
        {
            return;
        }

        if (started.Any(c => c.Role == ComponentRole.DatabasePrimary))
        {
            await Bootstrapper.EnsureSchemaAsync(primary, _topology.Database.Name, MessageBoardSchema.Statements, cancellationToken);
        }

        foreach (var replica in started.Where(c => c.Role == ComponentRole.DatabaseReplica))
        {
            await Bootstrapper.StartReplicationAsync(NodeFor(replica), primary, cancellationToken);
        }
    }
}
