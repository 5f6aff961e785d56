using System.Diagnostics.Metrics;

namespace WebInfra.App.Diagnostics;

/// <summary>
/// Counters for the read/write split, so that replicas that keep failing or lagging, read-your-writes waits that
/// time out and writes caught by a failover show up on a dashboard without logging per request.
/// </summary>
internal sealed class MessageBoardMetrics
{
    /// <summary>The meter's name, for <c>dotnet-counters</c> and the monitoring role.</summary>
    public const string MeterName = "WebInfra.App";

    private static readonly KeyValuePair<string, object?> s_onPrimary = new("webinfra.db.role", "primary");
    private static readonly KeyValuePair<string, object?> s_onReplica = new("webinfra.db.role", "replica");
    private static readonly KeyValuePair<string, object?> s_applied = new("webinfra.outcome", "applied");
    private static readonly KeyValuePair<string, object?> s_timedOut = new("webinfra.outcome", "timed_out");

    private readonly Counter<long> _reads;
    private readonly Counter<long> _primaryFallbacks;
    private readonly Counter<long> _primaryRechecks;
    private readonly Counter<long> _readYourWritesWaits;
    private readonly Counter<long> _writesRetried;

    public MessageBoardMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _reads = meter.CreateCounter<long>(
            "webinfra.app.reads",
            unit: "{read}",
            description: "Reads answered, by the role of the node that answered (primary or replica).");
        _primaryFallbacks = meter.CreateCounter<long>(
            "webinfra.app.reads.primary_fallbacks",
            unit: "{read}",
            description: "Reads that went to the primary because no replica could be used.");
        _primaryRechecks = meter.CreateCounter<long>(
            "webinfra.app.reads.primary_rechecks",
            unit: "{read}",
            description: "Posts a replica did not have, asked for again on the primary (replication lag).");
        _readYourWritesWaits = meter.CreateCounter<long>(
            "webinfra.app.reads.read_your_writes_waits",
            unit: "{read}",
            description: "Reads on a replica that first waited for the client's own last write: applied, or timed out and went to the primary.");
        _writesRetried = meter.CreateCounter<long>(
            "webinfra.app.writes.retried",
            unit: "{write}",
            description: "Writes refused by a node that was no longer primary (or not reached), retried once on the new primary.");
    }

    public void Read(bool onReplica) => _reads.Add(1, onReplica ? s_onReplica : s_onPrimary);

    public void ReadFellBackToPrimary() => _primaryFallbacks.Add(1);

    public void PostRecheckedOnPrimary() => _primaryRechecks.Add(1);

    public void ReadYourWritesWaited(bool applied) => _readYourWritesWaits.Add(1, applied ? s_applied : s_timedOut);

    public void WriteRetried() => _writesRetried.Add(1);
}
