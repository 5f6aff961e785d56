using WebInfra.Database.Monitoring;
using WebInfra.Database.Replication;

namespace WebInfra.Database.Failover;

/// <summary>
/// Chooses the replica to promote: the one holding the most of the old primary's stream. With lossless semi-sync every
/// acknowledged write is on at least one replica, so choosing any other would lose writes the clients saw committed.
/// </summary>
internal static class PromotionCandidates
{
    /// <summary>
    /// The candidate whose received position contains every other's; when no single one does (which a cluster fed by
    /// one primary does not produce), the highest total of sequence numbers. Ties go to <paramref name="preferred"/>
    /// (the node that was primary, when it is back), then to topology order.
    /// </summary>
    /// <param name="candidates">Each reachable candidate with the GTIDs it has received (applied or not).</param>
    /// <param name="preferred">The node to keep on a tie, or null.</param>
    /// <returns>The node to promote, or null when there is no candidate.</returns>
    public static NodeObservation? MostAdvanced(IReadOnlyList<(NodeObservation Node, GtidPosition Received)> candidates, string? preferred)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        (NodeObservation Node, GtidPosition Received)? best = null;
        foreach (var candidate in candidates)
        {
            if (best is not { } current || IsBetter(candidate, current, preferred))
            {
                best = candidate;
            }
        }

        return best?.Node;
    }

    /// <summary>What a node has received: its <c>Gtid_IO_Pos</c> when it replicates and that holds more, else its <c>gtid_current_pos</c>.</summary>
    public static GtidPosition Received(NodeObservation node, string? gtidIoPos)
    {
        ArgumentNullException.ThrowIfNull(node);
        var current = node.Position;
        var io = GtidPosition.Parse(gtidIoPos);
        return io.Contains(current) ? io : current;
    }

    /// <summary>
    /// The nodes (of <paramref name="others"/> that answered) that received a transaction of <paramref name="primary"/>'s
    /// own (its <c>server_id</c>) that it no longer holds. A primary restarted after a crash recovers as a replica would
    /// (<c>--init-rpl-role=SLAVE</c>): a transaction in its binary log whose commit InnoDB had not yet written to its
    /// redo log is rolled back and cut, although with AFTER_SYNC a replica already received it and its client may have
    /// seen it committed (InnoDB leaves the commit's log write to the binary log's group commit, which a SIGKILL can
    /// precede). Such a primary must not take writes again: it would give its next transaction the GTID of the one it
    /// lost, which the replicas would take as one they have. Only its own GTIDs count, so a node kept out for writes of
    /// its own (a former primary's) never holds it back.
    /// </summary>
    /// <param name="primary">The node that was primary, back and read-only.</param>
    /// <param name="others">The other nodes of the cluster, those kept out included.</param>
    /// <returns>Each node ahead, with the primary's GTIDs it holds beyond the primary; empty when the primary holds all of them.</returns>
    public static IReadOnlyList<(NodeObservation Node, string Beyond)> Ahead(NodeObservation primary, IEnumerable<NodeObservation> others)
    {
        ArgumentNullException.ThrowIfNull(primary);
        ArgumentNullException.ThrowIfNull(others);
        var held = primary.Position;
        var own = (uint)primary.Node.ServerId;
        return others
            .Where(o => o.Up && o.Node != primary.Node)
            .Select(o => (Node: o, Lost: Received(o, o.Replication?.GtidIoPos).GtidsBeyond(held).Where(g => g.ServerId == own).ToList()))
            .Where(o => o.Lost.Count > 0)
            .Select(o => (o.Node, string.Join(",", o.Lost)))
            .ToList();
    }

    private static bool IsBetter((NodeObservation Node, GtidPosition Received) candidate, (NodeObservation Node, GtidPosition Received) best, string? preferred)
    {
        var candidateHasAll = candidate.Received.Contains(best.Received);
        var bestHasAll = best.Received.Contains(candidate.Received);
        if (candidateHasAll != bestHasAll)
        {
            return candidateHasAll;
        }

        if (!candidateHasAll && candidate.Received.TotalSequence != best.Received.TotalSequence)
        {
            return candidate.Received.TotalSequence > best.Received.TotalSequence;
        }

        return preferred is not null && candidate.Node.Node.Name == preferred && best.Node.Node.Name != preferred;
    }
}
