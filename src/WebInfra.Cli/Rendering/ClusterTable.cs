using System.Globalization;
using Spectre.Console;
using WebInfra.Database.Monitoring;

namespace WebInfra.Cli.Rendering;

/// <summary>The table <c>db status</c> prints: each database node's current role, GTID position, replication and lag.</summary>
internal static class ClusterTable
{
    public static Table Create(ClusterStatus cluster)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumns("NODE", "ADDRESS", "ROLE", "READ ONLY", "GTID", "REPLICATION", "LAG", "SEMI-SYNC", "REASON");
        foreach (var node in cluster.Nodes)
        {
            table.AddRow(
                new Text(node.Name),
                new Text(node.Address),
                new Markup(node.Role switch
                {
                    DatabaseNodeRoles.Primary => "[green]primary[/]",
                    DatabaseNodeRoles.Replica => "replica",
                    DatabaseNodeRoles.Out => "[yellow]out[/]",
                    _ => "[red]down[/]",
                }),
                new Text(node.ReadOnly switch { true => "yes", false => "no", null => "-" }),
                new Text((node.GtidCurrentPos is { Length: > 0 } gtid ? gtid : "-")
                    + (node.ErrantGtids is [_, ..] errant ? $" (errant: {string.Join(",", errant)})" : string.Empty)),
                new Text(node.ReplicatingFrom is { } from ? $"from {from} io={YesNo(node.IoRunning)} sql={YesNo(node.SqlRunning)}" : "-"),
                new Text(Lag(node)),
                new Text(SemiSync(node)),
                new Text(node.Reason ?? string.Empty));
        }

        return table;
    }

    /// <summary>The line under the table: replication mode, and the last failover when there was one.</summary>
    public static string Summary(ClusterStatus cluster) =>
        string.Create(CultureInfo.InvariantCulture,
            $"replication: {cluster.Replication}; primary: {cluster.Primary ?? "none"}; failovers: {cluster.Failovers}")
        + (cluster.Fencing is { } fencing ? $"; fencing: {fencing}" : string.Empty)
        + (cluster.LastFailoverAt is { } at
            ? string.Create(CultureInfo.InvariantCulture, $"; last at {at:u}, writable again after {cluster.LastFailoverSeconds:0.00} s")
            : string.Empty)
        + (cluster.Monitored ? string.Empty : " (read from the nodes: no monitor answers)")
        + (cluster.Leader is { } leader ? $"; leading monitor: {leader}" : cluster.Monitored ? "; leading monitor: none" : string.Empty)
        + (cluster.LeadershipProblem is { } problem ? $" ({problem})" : string.Empty);

    /// <summary>What the cluster's replication risks right now, in words a user can act on; empty when nothing.</summary>
    public static IEnumerable<string> Risks(ClusterStatus cluster)
    {
        if (cluster.Replication == "async")
        {
            yield return cluster.Nodes.Count > 1
                ? "asynchronous replication: a crash of the primary loses the writes it acknowledged that no replica had received yet; set 'replication: semisync' to lose none"
                : "a single database node: its data has no copy, and a crash stops every write until it is back; add a replica and a monitor";
        }
        else if (cluster.FailoverHeld is { } held)
        {
            yield return "failover held: " + held;
        }
        else if (cluster.Nodes.Any(n => n.Role == DatabaseNodeRoles.Primary && n.SemiSyncMasterStatus == false))
        {
            yield return "semi-sync has fallen back to asynchronous (no replica acknowledged in time): until a replica catches up, a failover may lose the newest writes";
        }

        foreach (var node in cluster.Nodes.Where(n => n.ErrantGtids is [_, ..]))
        {
            yield return $"{node.Name} holds transactions the primary does not have (errant GTIDs {string.Join(",", node.ErrantGtids!)}): "
                + $"a failover to it or its rejoin would break replication; './webinfra db repair {node.Name}' rebuilds it from a healthy node";
        }

        if (cluster.Monitored && cluster.Leader is null)
        {
            yield return $"no monitor leads ({cluster.LeadershipProblem ?? "an election is under way"}): no failover can happen until one is elected; the nodes serve on as they are";
        }

        if (cluster.Primary is null)
        {
            var serving = cluster.Nodes.Where(n => n.CutOff).ToList();
            yield return "no primary: writes fail until the monitor promotes a replica"
                + (serving.Count == 0 ? string.Empty : "; reads are served by " + string.Join(", ", serving.Select(n => n.DataAgeSeconds is { } age
                    ? string.Create(CultureInfo.InvariantCulture, $"{n.Name} (data {age:0} s old)")
                    : $"{n.Name} (data age unknown without a monitor)")));
        }
    }

    /// <summary>A replica's lag; for one cut off from its primary, how old its data is at least, as far as the monitor knows.</summary>
    private static string Lag(DatabaseNodeStatus node) => node switch
    {
        { CutOff: true, DataAgeSeconds: { } age } => string.Create(CultureInfo.InvariantCulture, $"cut off, data {age:0} s old"),
        { CutOff: true } => "cut off, data age unknown",
        { SecondsBehindMaster: { } lag } => string.Create(CultureInfo.InvariantCulture, $"{lag} s"),
        _ => "-",
    };

    private static string YesNo(bool? value) => value switch { true => "yes", false => "no", null => "-" };

    private static string SemiSync(DatabaseNodeStatus node) => node.Role switch
    {
        DatabaseNodeRoles.Primary => node.SemiSyncMasterStatus == true ? "master on" : "master off (async)",
        DatabaseNodeRoles.Replica => node.SemiSyncSlaveStatus == true ? "slave on" : "slave off",
        _ => "-",
    };
}
