namespace WebInfra.Database.Replication;

/// <summary>
/// The last time an observer saw a replica in touch with its primary (<c>Seconds_Behind_Master</c> known: its I/O thread
/// connected and its SQL thread applying), and the lag it reported then. A replica cut off from its primary receives
/// nothing newer, so its data is at least <see cref="AgeSeconds"/> old: the lag it last reported plus the time since.
/// Observers keep one per replica from round to round (<see cref="Next"/>); MariaDB 10.11 keeps no such time itself.
/// </summary>
/// <param name="SeenAt">The observer's <see cref="TimeProvider.GetTimestamp"/> when the replica last reported a lag.</param>
/// <param name="LagSeconds">The lag it reported then.</param>
internal readonly record struct ReplicaContact(long SeenAt, long LagSeconds)
{
    /// <summary>
    /// The contact after an observation that found <paramref name="lagSeconds"/>: a new one when the replica reported a
    /// lag, else the previous one, which ages (null when the observer never saw it in touch).
    /// </summary>
    public static ReplicaContact? Next(ReplicaContact? previous, long? lagSeconds, long now) =>
        lagSeconds is { } lag ? new ReplicaContact(now, lag) : previous;

    /// <summary>How old the replica's data is at least, at <paramref name="now"/>: its lag then, plus the time since.</summary>
    public double AgeSeconds(long now, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return LagSeconds + time.GetElapsedTime(SeenAt, now).TotalSeconds;
    }
}
