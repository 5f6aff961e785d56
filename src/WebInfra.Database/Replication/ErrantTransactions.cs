namespace WebInfra.Database.Replication;

/// <summary>
/// A node's errant transactions: the GTIDs in its binary log that are not in the primary's history (a write made on
/// a replica by an administrator who bypassed read_only, or what a partitioned former primary committed that no
/// replica acknowledged). They break a later failover or rejoin, so the monitor looks for them every round.
/// <para>
/// The node's history is its <c>@@gtid_binlog_state</c>: the last GTID of each (domain, server_id) pair it has written
/// or applied (every node runs with <c>log_slave_updates</c>). Positions (<c>gtid_binlog_pos</c>,
/// <c>gtid_current_pos</c>) keep one GTID per domain and would hide a replica's own write once the primary's stream
/// passes its number. One of those GTIDs is in the primary's history when the primary's binary log state has the
/// same pair at that sequence number or further, counting the primary's <c>@@gtid_slave_pos</c> (what it replicated, or
/// was cloned with, before its own binary log began: a node cloned from another starts with an empty one). It is also
/// in the primary's history when it comes, in its domain, before a GTID the node holds that is: under
/// <c>gtid_strict_mode</c> a node whose history left the primary's cannot replicate past the point where it left, so
/// whatever the node holds before a GTID it shares with the primary came down the same stream. That is what keeps a
/// former primary's old writes, long replicated, from counting against a primary that was cloned after them and so
/// lacks them in its binary log, while the replica is still catching up to it.
/// </para>
/// </summary>
internal static class ErrantTransactions
{
    /// <summary>
    /// The last GTID of each (domain, server_id) pair of <paramref name="nodeBinlogState"/> that the primary does not
    /// have, in domain then sequence order (the order the primary could take them in under gtid_strict_mode); empty
    /// when the node holds nothing the primary lacks.
    /// </summary>
    /// <param name="nodeBinlogState">The node's <c>@@gtid_binlog_state</c>.</param>
    /// <param name="primaryBinlogState">The primary's <c>@@gtid_binlog_state</c>.</param>
    /// <param name="primarySlavePos">The primary's <c>@@gtid_slave_pos</c>.</param>
    /// <exception cref="FormatException">One of the texts is not a list of GTIDs.</exception>
    public static IReadOnlyList<Gtid> Find(string? nodeBinlogState, string? primaryBinlogState, string? primarySlavePos)
    {
        var primary = new Dictionary<(uint Domain, uint ServerId), ulong>();
        foreach (var gtid in Gtid.ParseList(primaryBinlogState).Concat(Gtid.ParseList(primarySlavePos)))
        {
            primary[(gtid.Domain, gtid.ServerId)] = Math.Max(gtid.Sequence, primary.GetValueOrDefault((gtid.Domain, gtid.ServerId)));
        }

        // Per domain, the newest GTID the node holds that the primary holds too: everything before it is shared history.
        // A former primary's last write is not the new primary's merely because the new primary's number passed it.
        var node = Gtid.ParseList(nodeBinlogState).ToList();
        var shared = node
            .Where(g => primary.TryGetValue((g.Domain, g.ServerId), out var sequence) && sequence >= g.Sequence)
            .GroupBy(g => g.Domain)
            .ToDictionary(g => g.Key, g => g.Max(x => x.Sequence));
        return [.. node
            .Where(g => !(shared.TryGetValue(g.Domain, out var sequence) && sequence >= g.Sequence))
            .OrderBy(g => g.Domain)
            .ThenBy(g => g.Sequence)];
    }
}
