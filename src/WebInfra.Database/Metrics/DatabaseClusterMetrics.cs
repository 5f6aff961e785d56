using System.Globalization;
using Prometheus;
using WebInfra.Database.Failover;
using WebInfra.Database.Monitoring;
using WebInfra.Database.Replication;
using WebInfra.Hosting.Metrics;

namespace WebInfra.Database.Metrics;

/// <summary>
/// The database cluster as the monitor saw it in its last round of checks: each node up or down, its role, a
/// replica's lag and the age of its data, how far each node has come in each GTID domain, whether it holds errant transactions, the failovers made, whether this monitor leads, and whether failover is held. Computed at each scrape from
/// the same <see cref="ClusterStatus"/> that <c>GET /cluster</c> and <c>webinfra db status</c> show, so nothing is kept
/// twice. A series that no longer applies (the lag of a node that stopped being a replica, the GTIDs of a node that is
/// down) is removed rather than left at a stale value.
/// </summary>
internal sealed class DatabaseClusterMetrics(FailoverCoordinator coordinator, IMonitorLeadership leadership) : IStateMetrics
{
    private static readonly string[] s_roles = [DatabaseNodeRoles.Primary, DatabaseNodeRoles.Replica, DatabaseNodeRoles.Out, DatabaseNodeRoles.Down];

    private static readonly Gauge s_up = Prometheus.Metrics.CreateGauge(
        "webinfra_db_node_up",
        "1 when the database node answered the monitor's last check, else 0.",
        ["node"]);

    private static readonly Gauge s_role = Prometheus.Metrics.CreateGauge(
        "webinfra_db_node_role",
        "1 for the node's current role (primary, replica, out or down), 0 for the others.",
        ["node", "role"]);

    private static readonly Gauge s_lag = Prometheus.Metrics.CreateGauge(
        "webinfra_db_replication_lag_seconds",
        "A replica's Seconds_Behind_Master; only replicas that report one have the series.",
        ["node"]);

    private static readonly Gauge s_dataAge = Prometheus.Metrics.CreateGauge(
        "webinfra_db_replica_data_age_seconds",
        "How old a read-only node's data is at least: its lag while in touch with its primary; once cut off from it, the lag it last reported plus the time since. Only nodes whose age the monitor knows have the series.",
        ["node"]);

    private static readonly Gauge s_gtid = Prometheus.Metrics.CreateGauge(
        "webinfra_db_gtid_sequence",
        "The highest sequence number of the node's GTID position (@@gtid_current_pos) in each replication domain; only nodes that answered have the series.",
        ["node", "domain"]);

    private static readonly Gauge s_errant = Prometheus.Metrics.CreateGauge(
        "webinfra_db_errant_transactions",
        "1 when the database node holds transactions (GTIDs) that the primary does not have, errant ones that break a failover to it or its rejoin; else 0. Only nodes that answered, while a primary is writable, have the series.",
        ["node"]);

    private static readonly Counter s_failovers = Prometheus.Metrics.CreateCounter(
        "webinfra_db_failovers_total",
        "Failovers this monitor has made since it started (a switchover is not one).");

    private static readonly Gauge s_lastFailover = Prometheus.Metrics.CreateGauge(
        "webinfra_db_last_failover_seconds",
        "How long the last failover took, from the old primary's first failed check to the new primary writable; absent before the first.",
        new GaugeConfiguration { SuppressInitialValue = true });

    private static readonly Gauge s_leader = Prometheus.Metrics.CreateGauge(
        "webinfra_monitor_leader",
        "1 while this monitor leads (it alone may act on the cluster), else 0; with several monitors, the one etcd elected.");

    private static readonly Gauge s_failoverHeld = Prometheus.Metrics.CreateGauge(
        "webinfra_db_failover_held",
        "1 while the primary runs degraded (asynchronous: no replica could acknowledge) so no replica may be promoted, else 0.");

    public void Refresh()
    {
        var cluster = coordinator.Snapshot();
        Publish(cluster);
        s_failoverHeld.Set(cluster.FailoverHeld is null ? 0 : 1);
        s_leader.Set(leadership.Current.IsLeader ? 1 : 0);
    }

    /// <summary>Sets every series from <paramref name="cluster"/> and removes those it no longer has.</summary>
    internal static void Publish(ClusterStatus cluster)
    {
        var lags = new HashSet<string>(StringComparer.Ordinal);
        var ages = new HashSet<string>(StringComparer.Ordinal);
        var sequences = new HashSet<string>(StringComparer.Ordinal);
        var errant = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in cluster.Nodes)
        {
            s_up.WithLabels(node.Name).Set(node.Up ? 1 : 0);
            foreach (var role in s_roles)
            {
                s_role.WithLabels(node.Name, role).Set(role == node.Role ? 1 : 0);
            }

            if (node is { Role: DatabaseNodeRoles.Replica, SecondsBehindMaster: { } lag })
            {
                s_lag.WithLabels(node.Name).Set(lag);
                lags.Add(Key([node.Name]));
            }

            if (node.DataAgeSeconds is { } age)
            {
                s_dataAge.WithLabels(node.Name).Set(age);
                ages.Add(Key([node.Name]));
            }

            if (node.Up && cluster.Primary is not null)
            {
                s_errant.WithLabels(node.Name).Set(node.ErrantGtids is [_, ..] ? 1 : 0);
                errant.Add(Key([node.Name]));
            }

            foreach (var (domain, sequence) in GtidPosition.Parse(node.GtidCurrentPos).Sequences)
            {
                string[] labels = [node.Name, domain.ToString(CultureInfo.InvariantCulture)];
                s_gtid.WithLabels(labels).Set(sequence);
                sequences.Add(Key(labels));
            }
        }

        RemoveAllBut(s_lag, lags);
        RemoveAllBut(s_dataAge, ages);
        RemoveAllBut(s_gtid, sequences);
        RemoveAllBut(s_errant, errant);
        s_failovers.IncTo(cluster.Failovers);
        if (cluster.LastFailoverSeconds is { } seconds)
        {
            s_lastFailover.Set(seconds);
        }
    }

    private static void RemoveAllBut(Gauge gauge, HashSet<string> kept)
    {
        foreach (var labels in gauge.GetAllLabelValues())
        {
            if (!kept.Contains(Key(labels)))
            {
                gauge.RemoveLabelled(labels);
            }
        }
    }

    // Label values never hold a newline: node names are server/kind and domains are numbers.
    private static string Key(string[] labels) => string.Join('\n', labels);
}
