namespace WebInfra.App.Storage;

/// <summary>
/// What one look at a database node found: whether it answered, whether it takes writes, and how its
/// replication stands. Kept apart from the decision it feeds (<see cref="ClusterSnapshot.Build"/>), so the
/// decision can be tested without a server.
/// </summary>
/// <param name="Reachable">It accepted a connection and answered within the probe timeout.</param>
/// <param name="ReadOnly"><c>@@global.read_only</c>: every node but the primary is read-only.</param>
/// <param name="Replicating"><c>SHOW SLAVE STATUS</c> returned a row: replication is configured.</param>
/// <param name="IoThreadRunning"><c>Slave_IO_Running</c> is <c>Yes</c>.</param>
/// <param name="SqlThreadRunning"><c>Slave_SQL_Running</c> is <c>Yes</c>.</param>
/// <param name="SecondsBehindPrimary"><c>Seconds_Behind_Master</c>; null when the server does not know it.</param>
/// <param name="AppliedAll">
/// It has applied every transaction it received: <c>@@gtid_current_pos</c> contains <c>Gtid_IO_Pos</c>. Cut off
/// from its primary, such a replica holds everything it will ever get from it.
/// </param>
/// <param name="Error">Why it could not be reached, for the log; null when it was.</param>
internal sealed record NodeObservation(
    bool Reachable,
    bool ReadOnly,
    bool Replicating,
    bool IoThreadRunning,
    bool SqlThreadRunning,
    long? SecondsBehindPrimary,
    bool AppliedAll = false,
    string? Error = null)
{
    public static NodeObservation Unreachable(string error) => new(false, true, false, false, false, null, Error: error);
}
