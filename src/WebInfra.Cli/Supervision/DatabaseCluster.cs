using MySqlConnector;
using Microsoft.Extensions.Logging.Abstractions;
using WebInfra.App;
using WebInfra.Database.Provisioning;
using WebInfra.Database.Replication;
using WebInfra.Hosting;
using WebInfra.Topology.Model;

namespace WebInfra.Cli.Supervision;

/// <summary>
/// The topology's database components as MariaDB nodes: where their data lives, how they are installed and
/// started, and how the cluster is wired once they run. Every node starts read-only; the supervisor makes the
/// topology's primary writable only at the site's first bootstrap (or, with no monitor, whenever it restarts it):
/// once a monitor runs, who is primary is the monitor's decision, since a failover may have moved the role.
/// </summary>
internal sealed class DatabaseCluster
{
    private readonly Topology.Model.Topology _topology;
    private readonly StateDirectory _state;
    private readonly Lazy<MariaDbProvisioner> _provisioner;
    private readonly HashSet<string> _fresh = new(StringComparer.Ordinal);

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

    /// <summary>Creates the data directory on first start (remembering that the node is fresh); returns the mariadbd command line.</summary>
    public async Task<MariaDbCommandLine> PrepareAsync(Component component, CancellationToken cancellationToken)
    {
        var node = NodeFor(component);
        if (await _provisioner.Value.InstallAsync(node, Secrets, _topology.Database.Name, DatabaseAccountHosts.For(_topology), cancellationToken))
        {
            _fresh.Add(component.Name);
        }

        return _provisioner.Value.BuildCommandLine(node, _topology.EffectiveReplication);
    }

    /// <summary>
    /// Grants the application account to <paramref name="after"/>'s hosts instead of <paramref name="before"/>'s on every
    /// database node (<see cref="MariaDbProvisioner.ChangeAppHostsAsync"/>); returns the nodes that did not answer, which
    /// take them at their next start.
    /// </summary>
    public async Task<IReadOnlyList<string>> ChangeAppHostsAsync(DatabaseAccountHosts before, DatabaseAccountHosts after, CancellationToken cancellationToken)
    {
        var deferred = new List<string>();
        foreach (var component in _topology.DatabaseNodes)
        {
            try
            {
                await _provisioner.Value.ChangeAppHostsAsync(NodeFor(component), Secrets, _topology.Database.Name, before, after, cancellationToken);
            }
            catch (MySqlException e) when (e.ErrorCode == MySqlErrorCode.UnableToConnectToHost)
            {
                deferred.Add(component.Name);
            }
        }

        return deferred;
    }

    /// <summary>
    /// Makes the started nodes a cluster. At the first bootstrap (every database node was just created) the replicas
    /// follow the topology's primary, the schema is created there and the primary is made writable. Later, with a
    /// monitor, restarted nodes are left to it (it rejoins them to whichever node is primary now); without one, a
    /// restarted replica resumes from its master.info and a restarted primary is made writable again.
    /// </summary>
    public async Task WireAsync(IReadOnlyList<Component> started, CancellationToken cancellationToken)
    {
        if (_topology.Primary is not { } primaryComponent)
        {
            return;
        }

        var primary = NodeFor(primaryComponent);
        var bootstrap = _topology.DatabaseNodes.All(c => _fresh.Contains(c.Name));
        if (!bootstrap && _topology.Monitor is not null)
        {
            return;
        }

        // Replicas first: with semi-sync the schema's statements are then acknowledged at once instead of each
        // waiting out the semi-sync timeout for a replica that is not connected yet.
        foreach (var replica in started.Where(c => c.Role == ComponentRole.DatabaseReplica))
        {
            await Bootstrapper.StartReplicationAsync(NodeFor(replica), primary, cancellationToken);
        }

        if (started.Contains(primaryComponent))
        {
            // The sample board's tables, then the user's: the file is sent whole, as the mariadb client would run it.
            IReadOnlyList<string> statements = _topology.Database.SchemaFile is { } schema
                ? [.. MessageBoardSchema.Statements, await File.ReadAllTextAsync(schema, cancellationToken)]
                : MessageBoardSchema.Statements;
            await Bootstrapper.EnsureSchemaAsync(primary, _topology.Database.Name, statements, cancellationToken);
            await Bootstrapper.MakeWritableAsync(primary, cancellationToken);
        }
    }
}
