namespace WebInfra.Database.Failover;

/// <summary>
/// The leadership of a site with one monitor: it always leads, and the agreed primary is the record file in the run
/// state (<c>database/primary</c>: the node's name, then its epoch).
/// </summary>
internal sealed class LocalMonitorLeadership(string monitorName, PrimaryRecord record, TimeProvider time) : IMonitorLeadership
{
    private readonly DateTimeOffset _since = time.GetUtcNow();

    public LeadershipState Current => new(IsLeader: true, monitorName, _since, Problem: null);

    public Task<PrimaryEpoch?> ReadPrimaryAsync(CancellationToken cancellationToken) => Task.FromResult(record.Read());

    public Task<PrimaryEpoch?> RecordPrimaryAsync(string node, PrimaryEpoch? expected, CancellationToken cancellationToken) =>
        Task.FromResult(Replace(expected, new PrimaryEpoch(node, (expected?.Epoch ?? 0) + 1)));

    public Task<PrimaryEpoch?> RecordDegradedAsync(bool degraded, PrimaryEpoch expected, CancellationToken cancellationToken) =>
        Task.FromResult(Replace(expected, expected with { Degraded = degraded }));

    private PrimaryEpoch? Replace(PrimaryEpoch? expected, PrimaryEpoch next)
    {
        if (record.Read() != expected)
        {
            return null;
        }

        record.Write(next);
        return next;
    }
}
