using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using WebInfra.Cli.Commands;
using WebInfra.Database;
using WebInfra.Database.Monitoring;
using WebInfra.Database.Replication;
using WebInfra.Hosts;
using WebInfra.Topology.Model;

namespace WebInfra.Cli.Supervision;

/// <summary>
/// <c>webinfra db repair NODE</c>: rids a database node of its errant transactions (GTIDs the primary does not have), by
/// rebuilding it as a clone of a healthy node, or, with <c>--inject</c>, by making them part of the primary's history
/// (<see cref="ErrantTransactionInjector"/>). The caller holds the site's <see cref="ChangeLock"/>.
/// </summary>
internal sealed class DatabaseRepair(Topology.Model.Topology topology, StateDirectory state, IAnsiConsole console)
{
    private readonly DatabaseCluster _databases = new(topology, state);

    /// <summary>
    /// The node's status when it can be repaired: a node that answers, is not the primary, and holds errant GTIDs
    /// against a writable primary.
    /// </summary>
    /// <exception cref="UsageException">It cannot, and why.</exception>
    public static DatabaseNodeStatus Repairable(ClusterStatus cluster, string node)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var status = cluster.Nodes.FirstOrDefault(n => n.Name == node)
            ?? throw new UsageException($"the cluster has no node {node}", $"database nodes: {string.Join(", ", cluster.Nodes.Select(n => n.Name))}");
        return status switch
        {
            _ when cluster.Primary is null => throw new UsageException(
                $"no database node is a writable primary, so {node}'s transactions cannot be compared with the primary's, nor the node rebuilt from a healthy one",
                "'./webinfra db status' shows the cluster; repair once a primary is up"),
            _ when cluster.Primary == node => throw new UsageException(
                $"{node} is the primary: its history is the cluster's, so it has no errant transactions to repair",
                "to rebuild it, first make another node primary ('./webinfra db switchover --to NODE')"),
            { Up: false } => throw new UsageException(
                $"{node} is down ({status.Reason}): its transactions cannot be compared with the primary's",
                $"start it ('./webinfra start {node}'); the monitor then reports whether it holds errant GTIDs"),
            { ErrantGtids: null or [] } => throw new UsageException(
                $"{node} holds no transaction that the primary {cluster.Primary} lacks (no errant GTIDs): there is nothing to repair",
                "'./webinfra db status' lists each node's errant GTIDs"),
            _ => status,
        };
    }

    /// <summary>
    /// Rebuilds <paramref name="component"/> from a healthy node: stops it, moves its data directory aside, and starts it
    /// again, which clones it (<see cref="DatabaseCluster.PrepareAsync"/>) and makes it replicate from the primary by GTID.
    /// The old data directory is deleted once the clone runs; when anything fails, it is put back, the node started on it,
    /// and the failure reported.
    /// </summary>
    /// <exception cref="SupervisorException">The clone or its start failed; the node runs on its old data again.</exception>
    public async Task CloneAsync(Component component, DatabaseNodeStatus status, CancellationToken cancellationToken)
    {
        var node = _databases.NodeFor(component);
        var provisioner = _databases.Provisioner(HostDrivers.For(topology, state.Path));
        var supervisor = new Supervisor(topology, state, console);
        var started = Stopwatch.GetTimestamp();
        await supervisor.StopAsync([component], cancellationToken);
        var aside = await provisioner.SetDataDirectoryAsideAsync(node, cancellationToken);
        console.MarkupLineInterpolated($"[grey]moved[/] {component.Name}'s data directory aside [grey]({aside}) until the clone runs[/]");
        try
        {
            await supervisor.StartAsync([component], cancellationToken);
        }
        catch (Exception exception) when (exception is SupervisorException or DatabaseNodeException or MySqlConnector.MySqlException or IOException)
        {
            await supervisor.StopAsync([component], CancellationToken.None);
            await provisioner.RestoreDataDirectoryAsync(node, CancellationToken.None);
            console.MarkupLineInterpolated($"[yellow]the clone failed[/]: {component.Name}'s old data directory is back; starting it again");
            await supervisor.StartAsync([component], CancellationToken.None);
            throw new SupervisorException(
                $"repair of {component.Name} failed, and it runs on its old data again (errant GTIDs {string.Join(",", status.ErrantGtids!)}): {exception.Message}",
                exception);
        }

        await provisioner.DiscardDataDirectoryAsideAsync(node, cancellationToken);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
        console.MarkupLineInterpolated(
            $"[green]repaired[/] {component.Name}: rebuilt as a clone in {seconds} s; it replicates from the primary by GTID; its errant transactions {string.Join(",", status.ErrantGtids!)} were discarded with its old data directory");
    }

    /// <summary>
    /// Makes <paramref name="component"/>'s errant GTIDs part of the primary's history (<see cref="ErrantTransactionInjector"/>).
    /// </summary>
    /// <exception cref="UsageException">A GTID is at or below the primary's number of its domain: a clone is the repair.</exception>
    public async Task InjectAsync(Component component, DatabaseNodeStatus status, ClusterStatus cluster, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var errant = status.ErrantGtids!;
        var primaryStatus = cluster.Nodes.Single(n => n.Name == cluster.Primary);
        if (ErrantTransactionInjector.Refusal(errant, primaryStatus.GtidBinlogPos) is { } refusal)
        {
            throw new UsageException(
                $"the errant GTIDs of {component.Name} cannot be injected: {refusal}; nothing was changed",
                $"rebuild it from a healthy node instead: './webinfra db repair {component.Name}'");
        }

        var primary = _databases.NodeFor(topology.FindComponent(primaryStatus.Name)!);
        await new ErrantTransactionInjector(_databases.Secrets).InjectAsync(_databases.NodeFor(component), primary, errant, cancellationToken);
        console.MarkupLineInterpolated(
            $"[green]repaired[/] {component.Name}: {primary.Name} committed one empty transaction under each of {string.Join(",", errant)}; {component.Name} keeps their data and replicates from {primary.Name} again");
    }
}
