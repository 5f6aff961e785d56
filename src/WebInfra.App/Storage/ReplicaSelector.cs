namespace WebInfra.App.Storage;

/// <summary>
/// Picks the replica for the next read: round robin over the replicas the current snapshot calls eligible, so
/// that reads spread evenly. Null means "use the primary".
/// </summary>
internal sealed class ReplicaSelector
{
    private uint _counter;

    public DatabaseServer? Pick(ClusterSnapshot snapshot)
    {
        var replicas = snapshot.ReadReplicas;
        if (replicas.Count == 0)
        {
            return null;
        }

        // Unsigned, so the counter wraps around to 0 instead of going negative after 2^32 reads.
        var next = Interlocked.Increment(ref _counter) - 1;
        return replicas[(int)(next % (uint)replicas.Count)];
    }
}
