using System.Globalization;
using MySqlConnector;
using Microsoft.Extensions.Logging.Abstractions;
using WebInfra.App;
using WebInfra.Database.Failover;
using WebInfra.Database.Monitoring;
using WebInfra.Database.Provisioning;
using WebInfra.Database.Replication;
using WebInfra.Hosting;
using WebInfra.Hosts;
using WebInfra.Topology.Model;

namespace WebInfra.Cli.Supervision;

/// <summary>
/// The topology's database components as MariaDB nodes: where their data lives, how they are installed and
/// started, and how the cluster is wired once they run. Every node starts read-only; the supervisor makes the
/// topology's primary writable only at the site's first bootstrap (or, with no monitor, whenever it restarts it):
/// once a monitor runs, who is primary is the monitor's decision, since a failover may have moved the role. A node
/// added to a running cluster (a primary is up) is not installed empty but cloned from a running replica, and replicates
/// from where its copy ends: the primary may no longer have the binary logs of its whole history.
/// </summary>
internal sealed class DatabaseCluster
{
    private readonly Topology.Model.Topology _topology;
    private readonly StateDirectory _state;
    private readonly HashSet<string> _fresh = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (ReplicaClone Clone, string Primary)> _clones = new(StringComparer.Ordinal);

    public DatabaseCluster(Topology.Model.Topology topology, StateDirectory state)
    {
        _topology = topology;
        _state = state;
        Secrets = DatabaseSecrets.LoadOrCreate(ComponentContext.DatabaseSecretsPathIn(state.Path));
        Bootstrapper = new ClusterBootstrapper(Secrets, NullLoggerFactory.Instance);
    }

    public DatabaseSecrets Secrets { get; }

    public ClusterBootstrapper Bootstrapper { get; }

    /// <summary>The MariaDB node for a database component.</summary>
    public DatabaseNode NodeFor(Component component) => DatabaseNodes.For(_topology, component, _state.Path);

    /// <summary>
    /// Creates the data directory on first start (remembering that the node is fresh), or clones it when the cluster
    /// already runs (see <see cref="CloneAsync"/>); returns the mariadbd command line, and the clone when there was one.
    /// </summary>
    public async Task<(MariaDbCommandLine CommandLine, ReplicaClone? Clone)> PrepareAsync(Component component, IHostDriver hosts, CancellationToken cancellationToken)
    {
        var node = NodeFor(component);
        var provisioner = Provisioner(hosts);
        var clone = await provisioner.HasDataDirectoryAsync(node, cancellationToken) ? null : await CloneAsync(component, node, provisioner, cancellationToken);
        if (await provisioner.InstallAsync(node, Secrets, _topology.Database.Name, DatabaseAccountHosts.For(_topology), cancellationToken, clone?.GtidPosition))
        {
            _fresh.Add(component.Name);
        }

        return (CommandLine(node, provisioner, AgreedPrimary(hosts)), clone);
    }

    /// <summary>
    /// The mariadbd command line of a database component on its server, for a unit written by hand (<c>webinfra systemd
    /// export</c>), without asking the server anything: as <see cref="PrepareAsync"/> gives it, with MariaDB where
    /// Debian's packages put it, recovering from a crash as a replica does, since no record of the agreed primary is read.
    /// </summary>
    public MariaDbCommandLine UnitCommandLine(Component component, IHostDriver hosts) =>
        CommandLine(NodeFor(component), Provisioner(hosts, MariaDbInstallation.Debian), agreed: null);

    private MariaDbCommandLine CommandLine(DatabaseNode node, MariaDbProvisioner provisioner, PrimaryEpoch? agreed)
    {
        var recoverAsPrimary = MariaDbProvisioner.RecoversAsPrimary(node, _topology.Monitor is not null, agreed);
        return provisioner.BuildCommandLine(node, _topology.EffectiveReplication, _topology.EffectiveFencing, _topology.Database.Failover.Lease, recoverAsPrimary);
    }

    /// <summary>
    /// The primary the cluster agreed on last, or null when no monitor recorded one: the record each monitor keeps in the
    /// run state where it runs (<see cref="PrimaryRecord"/>), read on its server (on SSH hosts each monitor's host has its
    /// own), the latest epoch of those that could be read.
    /// </summary>
    private PrimaryEpoch? AgreedPrimary(IHostDriver hosts)
    {
        var record = new PrimaryRecord(_state.Path);
        return _topology.Components
            .Where(c => c.Kind == ComponentKind.Monitor)
            .Select(c => c.ServerName)
            .Distinct(StringComparer.Ordinal)
            .Select(server => hosts.OutputOnServer(server, ["cat", hosts.PathOnServer(server, record.Path)]) is { } text ? PrimaryRecord.Parse(text) : null)
            .OfType<PrimaryEpoch>()
            .MaxBy(p => p.Epoch);
    }

    /// <summary>
    /// Clones a node that has no data directory from a running one, when the other nodes are a running cluster (one of
    /// them is the primary); null, and nothing done, when they are not (the site's first start, or a site that is down),
    /// where the node is installed empty as before. The copy's position, and the primary it is to follow, wait for
    /// <see cref="WireAsync"/>; the node's log says where it came from.
    /// </summary>
    private async Task<ReplicaClone?> CloneAsync(Component component, DatabaseNode node, MariaDbProvisioner provisioner, CancellationToken cancellationToken)
    {
        var others = _topology.DatabaseNodes.Where(c => c != component).Select(NodeFor).ToList();
        var installed = await Task.WhenAll(others.Select(n => provisioner.HasDataDirectoryAsync(n, cancellationToken)));
        if (!installed.Any(i => i))
        {
            return null;
        }

        var cluster = await new ClusterReader(Secrets).ReadAsync(
            others, DatabaseMonitorExtensions.ReplicationName(_topology.EffectiveReplication), cancellationToken);
        if (CloneSource.Choose(cluster) is not { } source)
        {
            return null;
        }

        var clone = await provisioner.CloneAsync(node, others.Single(n => n.Name == source.Source), source.IsReplica, Secrets, cancellationToken);
        _clones[component.Name] = (clone, source.Primary);
        var log = _state.LogFile(component.Name);
        Directory.CreateDirectory(Path.GetDirectoryName(log)!);
        await File.AppendAllTextAsync(log, string.Create(CultureInfo.InvariantCulture,
            $"{DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} webinfra: cloned from {clone.Source} with mariadb-backup ({clone.Bytes} bytes in {clone.Elapsed.TotalSeconds:0.0} s) at GTID {clone.GtidPosition}; replicates from {source.Primary}{Environment.NewLine}"),
            cancellationToken);
        return clone;
    }

    /// <summary>
    /// Grants the application account to <paramref name="after"/>'s hosts instead of <paramref name="before"/>'s on every
    /// database node (<see cref="MariaDbProvisioner.ChangeAppHostsAsync"/>); returns the nodes that did not answer, which
    /// take them at their next start.
    /// </summary>
    public async Task<IReadOnlyList<string>> ChangeAppHostsAsync(IHostDriver hosts, DatabaseAccountHosts before, DatabaseAccountHosts after, CancellationToken cancellationToken)
    {
        var provisioner = Provisioner(hosts);
        var deferred = new List<string>();
        foreach (var component in _topology.DatabaseNodes)
        {
            try
            {
                await provisioner.ChangeAppHostsAsync(NodeFor(component), Secrets, _topology.Database.Name, before, after, cancellationToken);
            }
            catch (MySqlException e) when (e.ErrorCode == MySqlErrorCode.UnableToConnectToHost)
            {
                deferred.Add(component.Name);
            }
        }

        return deferred;
    }

    /// <summary>
    /// The provisioner of the nodes on the servers <paramref name="hosts"/> runs, which looks for MariaDB's programs on
    /// each server unless <paramref name="installation"/> says where they are.
    /// </summary>
    public MariaDbProvisioner Provisioner(IHostDriver hosts, MariaDbInstallation? installation = null) =>
        new(NullLoggerFactory.Instance, new ServerNodeHost(_topology, hosts, installation));

    /// <summary>
    /// Makes the started nodes a cluster. At the first bootstrap (every database node was just created) the replicas
    /// follow the topology's primary, the schema is created there and the primary is made writable; the run state then
    /// records that it is done. A first bootstrap cut short (an <c>up</c> that died, or lost its connection to a host,
    /// after the nodes started) is done again, on every node, by the next <c>up</c> or <c>start</c>, whether or not it
    /// starts a node. Later, with a monitor, restarted nodes are left to it (it rejoins them to whichever node is
    /// primary now); without one, a restarted replica resumes from its master.info and a restarted primary is made
    /// writable again.
    /// </summary>
    public async Task WireAsync(IReadOnlyList<Component> started, CancellationToken cancellationToken)
    {
        if (_topology.Primary is not { } primaryComponent)
        {
            return;
        }

        // A clone follows the primary it was cloned under, whoever that is now, from where its copy ends; the running
        // nodes first let its server in, as their init files will at their next start.
        var clones = started.Where(c => _clones.ContainsKey(c.Name)).ToList();
        if (clones.Count > 0)
        {
            foreach (var running in _topology.DatabaseNodes.Except(started).Select(NodeFor))
            {
                if (await Bootstrapper.PingAsync(running, cancellationToken))
                {
                    await Bootstrapper.GrantAccountsAsync(running, _topology.Database.Name, DatabaseAccountHosts.For(_topology), cancellationToken);
                }
            }
        }

        foreach (var cloned in clones)
        {
            var (clone, clonePrimary) = _clones[cloned.Name];
            await Bootstrapper.StartReplicationFromCloneAsync(NodeFor(cloned), NodeFor(_topology.FindComponent(clonePrimary)!), clone.GtidPosition, cancellationToken);
        }

        var primary = NodeFor(primaryComponent);
        var bootstrap = _topology.DatabaseNodes.All(c => _fresh.Contains(c.Name)) || await FirstBootstrapUnfinishedAsync(cancellationToken);
        if (!bootstrap && _topology.Monitor is not null)
        {
            return;
        }

        // Replicas first: with semi-sync the schema's statements are then acknowledged at once instead of each
        // waiting out the semi-sync timeout for a replica that is not connected yet.
        var wired = bootstrap ? _topology.DatabaseNodes : started;
        foreach (var replica in wired.Where(c => c.Role == ComponentRole.DatabaseReplica && !_clones.ContainsKey(c.Name)))
        {
            await Bootstrapper.StartReplicationAsync(NodeFor(replica), primary, cancellationToken);
        }

        if (wired.Contains(primaryComponent))
        {
            // The sample board's tables, then the user's: the file is sent whole, as the mariadb client would run it.
            IReadOnlyList<string> statements = _topology.Database.SchemaFile is { } schema
                ? [.. MessageBoardSchema.Statements, await File.ReadAllTextAsync(schema, cancellationToken)]
                : MessageBoardSchema.Statements;
            await Bootstrapper.EnsureSchemaAsync(primary, _topology.Database.Name, statements, cancellationToken);
            await Bootstrapper.MakeWritableAsync(primary, cancellationToken);
        }

        if (bootstrap)
        {
            await RecordBootstrapAsync(primaryComponent.Name, cancellationToken);
        }
    }

    /// <summary>Where the run state records that the cluster's first bootstrap was done (its primary made writable), and when.</summary>
    private string BootstrappedFile => Path.Combine(_state.Path, "db", "bootstrapped");

    /// <summary>
    /// True when the nodes exist but their first bootstrap was never done: the run state does not record it, and no node
    /// takes writes. A site whose run state predates the record, and has a writable node, is recorded as done.
    /// </summary>
    private async Task<bool> FirstBootstrapUnfinishedAsync(CancellationToken cancellationToken)
    {
        if (File.Exists(BootstrappedFile))
        {
            return false;
        }

        foreach (var node in _topology.DatabaseNodes.Select(NodeFor))
        {
            if (await Bootstrapper.IsWritableAsync(node, cancellationToken))
            {
                await RecordBootstrapAsync(node.Name, cancellationToken);
                return false;
            }
        }

        return true;
    }

    /// <summary>Records that the first bootstrap was done, with <paramref name="primary"/> writable.</summary>
    private async Task RecordBootstrapAsync(string primary, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(BootstrappedFile)!);
        await File.WriteAllTextAsync(BootstrappedFile, string.Create(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:O} {primary}{Environment.NewLine}"), cancellationToken);
    }
}
