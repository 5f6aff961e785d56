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
