namespace WebInfra.Database.Failover;

/// <summary>
/// Which monitor may act on the database cluster, and the primary the cluster agreed on. Only the leader renews the
/// primary's lease, fences, rejoins and fails over; the others watch and serve the cluster's state. One monitor leads
/// alone (<see cref="LocalMonitorLeadership"/>); several elect their leader through a consensus store, so two of them
/// can never act at once, and a promotion is recorded there before it happens.
/// </summary>
public interface IMonitorLeadership
{
    /// <summary>This monitor's standing now: whether it leads (with time left on its lease to act), and who does.</summary>
    LeadershipState Current { get; }

    /// <summary>The primary the cluster last agreed on, with its epoch; null before the first record.</summary>
    Task<PrimaryEpoch?> ReadPrimaryAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Records <paramref name="node"/> as the primary of the next epoch (<paramref name="expected"/>'s plus one, or 1),
    /// only while this monitor leads and the agreed record is still <paramref name="expected"/>. Returns the new record,
    /// or null when the leadership or the record changed meanwhile: then the caller must not promote.
    /// </summary>
    Task<PrimaryEpoch?> RecordPrimaryAsync(string node, PrimaryEpoch? expected, CancellationToken cancellationToken);

    /// <summary>
    /// Records whether the agreed primary runs degraded (asynchronous), in the same epoch, under the same conditions as
    /// <see cref="RecordPrimaryAsync"/>: recorded before semi-sync is switched off, and cleared only after it is back on.
    /// </summary>
    Task<PrimaryEpoch?> RecordDegradedAsync(bool degraded, PrimaryEpoch expected, CancellationToken cancellationToken);
}
