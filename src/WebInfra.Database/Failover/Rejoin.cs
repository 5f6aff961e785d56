using WebInfra.Database.Monitoring;

namespace WebInfra.Database.Failover;

/// <summary>
/// Fencing and rejoin: a node that is not the primary is never writable, and it joins the primary only when that
/// loses nothing. A former primary that comes back may hold writes nobody acknowledged (they reached its binary log but
/// no replica); replicating on top of them would fork the history, so it stays out and the reason names the GTIDs.
/// </summary>
internal static class Rejoin
{
    public static (RejoinDecision Decision, string? Reason) Decide(NodeObservation node, NodeObservation? primary)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (!node.Up)
        {
            return (RejoinDecision.Wait, null);
        }

        if (node.Writable)
        {
            return (RejoinDecision.Fence, "writable but not the primary");
        }

        if (primary is not { Writable: true })
        {
            return (RejoinDecision.Wait, null);
        }

        if (node.ReplicatesFrom(primary.Node))
        {
            return (RejoinDecision.Replica, null);
        }

        if (node.Replication is { } replication
            && replication.MasterHost == primary.Node.Host && replication.MasterPort == primary.Node.Port
            && replication.LastError is { } error)
        {
            return (RejoinDecision.KeepOut, $"replication from {primary.Node.Name} failed: {error}");
        }

        // Per domain and server_id (gtid_binlog_state), not per domain alone: a former primary's own last write hides in
        // gtid_current_pos once the new primary's sequence in that domain has passed its number.
        var position = node.Position;
        var primaryPosition = primary.Position;
        var errant = node.ErrantAgainst(primary);
        if (!primaryPosition.Contains(position) || errant.Count > 0)
        {
            var beyond = errant.Count > 0 ? string.Join(",", errant) : position.Beyond(primaryPosition);
            return (RejoinDecision.KeepOut,
                $"holds GTIDs {beyond} that the primary {primary.Node.Name} (at {primaryPosition}) does not have; "
                + $"left read-only and out of the cluster so they are not lost or replicated: inspect them, then rebuild the node ('webinfra db repair {node.Node.Name}')");
        }

        return (RejoinDecision.Repoint, null);
    }
}
