namespace WebInfra.Database.Replication;

/// <summary>
/// A MariaDB GTID position such as <c>0-1-100,1-2-5</c>: the last GTID (domain-server-sequence) of each replication
/// domain. Failover compares positions to find the most advanced replica, and fencing checks that a returning node
/// holds nothing the primary lacks; both need the text as numbers, per domain.
/// </summary>
internal sealed class GtidPosition
{
    private readonly Dictionary<uint, (uint ServerId, ulong Sequence)> _domains;

    private GtidPosition(Dictionary<uint, (uint ServerId, ulong Sequence)> domains) => _domains = domains;

    /// <summary>The total of every domain's sequence number: a fair tie-break between positions neither of which contains the other.</summary>
    public ulong TotalSequence => _domains.Values.Aggregate(0UL, (total, gtid) => total + gtid.Sequence);

    /// <summary>Each domain's sequence number, in domain order: how far the position has come in each replication stream.</summary>
    public IReadOnlyList<(uint Domain, ulong Sequence)> Sequences => [.. _domains.OrderBy(d => d.Key).Select(d => (d.Key, d.Value.Sequence))];

    /// <summary>Reads a position as <c>@@gtid_current_pos</c> or <c>Gtid_IO_Pos</c> print it; empty text is the empty position.</summary>
    /// <exception cref="FormatException">A GTID is not three numbers separated by dashes, or a domain appears twice.</exception>
    public static GtidPosition Parse(string? text)
    {
        var domains = new Dictionary<uint, (uint, ulong)>();
        foreach (var gtid in Gtid.ParseList(text))
        {
            if (!domains.TryAdd(gtid.Domain, (gtid.ServerId, gtid.Sequence)))
            {
                throw new FormatException($"GTID position '{text}' names domain {gtid.Domain} twice");
            }
        }

        return new GtidPosition(domains);
    }

    /// <summary>
    /// True when every transaction up to <paramref name="other"/> is also in this position: for each of its domains this
    /// one is at the same GTID or further. At an equal sequence number the server id must match too, or the two
    /// positions hold different transactions under the same number. A lower number further along in this position can
    /// still hide a different history; replication itself refuses that case (error 1236 under gtid_strict_mode).
    /// </summary>
    public bool Contains(GtidPosition other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (var (domain, (serverId, sequence)) in other._domains)
        {
            if (!_domains.TryGetValue(domain, out var mine) || mine.Sequence < sequence || (mine.Sequence == sequence && mine.ServerId != serverId))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when the transaction <paramref name="gtid"/> is at or before this position's GTID of its domain (see <see cref="Contains(GtidPosition)"/>).</summary>
    public bool Contains(Gtid gtid) => Contains(new GtidPosition(new() { [gtid.Domain] = (gtid.ServerId, gtid.Sequence) }));

    /// <summary>The GTIDs of this position that <paramref name="other"/> does not contain, in domain order.</summary>
    public IReadOnlyList<Gtid> GtidsBeyond(GtidPosition other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return [.. _domains
            .Select(d => new Gtid(d.Key, d.Value.ServerId, d.Value.Sequence))
            .Where(g => !other.Contains(g))
            .OrderBy(g => g.Domain)];
    }

    /// <summary>The GTIDs of this position that <paramref name="other"/> does not contain, as text, for a fencing reason.</summary>
    public string Beyond(GtidPosition other) => string.Join(",", GtidsBeyond(other));

    /// <inheritdoc/>
    public override string ToString() => string.Join(",", _domains.OrderBy(d => d.Key).Select(d => new Gtid(d.Key, d.Value.ServerId, d.Value.Sequence)));
}
