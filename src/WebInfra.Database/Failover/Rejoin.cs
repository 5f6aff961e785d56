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

        var position = node.Position;
        var primaryPosition = primary.Position;
        if (!primaryPosition.Contains(position))
        {
            return (RejoinDecision.KeepOut,
                $"holds GTIDs {position.Beyond(primaryPosition)} that the primary {primary.Node.Name} (at {primaryPosition}) does not have; "
                + "left read-only and out of the cluster so they are not lost or replicated: inspect them, then rebuild the node");
        }

        return (RejoinDecision.Repoint, null);
    }
}
