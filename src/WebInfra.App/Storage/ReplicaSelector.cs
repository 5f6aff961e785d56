namespace WebInfra.App.Storage;

/// <summary>
/// Picks the replica for the next read: round robin, so that reads spread evenly, skipping replicas that are
/// waiting out their retry interval. Null means "use the primary".
/// </summary>
internal sealed class ReplicaSelector
{
    private readonly IReadOnlyList<DatabaseServer> _replicas;
    private uint _counter;

    public ReplicaSelector(IReadOnlyList<DatabaseServer> replicas)
    {
        _replicas = replicas;
    }

    /// <summary>True when replicas are configured at all; without them every read uses the primary by design, not as a fallback.</summary>
    public bool HasReplicas => _replicas.Count > 0;

    public DatabaseServer? Pick()
    {
        var count = (uint)_replicas.Count;
        if (count == 0)
        {
            return null;
        }

        // Unsigned, so the counter wraps around to 0 instead of going negative after 2^32 reads.
        var start = Interlocked.Increment(ref _counter) - 1;
        for (var i = 0u; i < count; i++)
        {
            var replica = _replicas[(int)((start + i) % count)];
            if (replica.IsWorthTrying)
            {
                return replica;
            }
        }

        return null;
    }
}
