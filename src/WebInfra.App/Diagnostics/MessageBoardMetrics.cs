using System.Diagnostics.Metrics;

namespace WebInfra.App.Diagnostics;

/// <summary>
/// Counters for the read/write split, so that replicas that keep failing or lagging show up on a dashboard
/// without logging per request.
/// </summary>
internal sealed class MessageBoardMetrics
{
    /// <summary>The meter's name, for <c>dotnet-counters</c> and the monitoring role.</summary>
    public const string MeterName = "WebInfra.App";

    private readonly Counter<long> _primaryFallbacks;
    private readonly Counter<long> _primaryRechecks;

    public MessageBoardMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _primaryFallbacks = meter.CreateCounter<long>(
            "webinfra.app.reads.primary_fallbacks",
            unit: "{read}",
            description: "Reads that went to the primary because no replica could be used.");
        _primaryRechecks = meter.CreateCounter<long>(
            "webinfra.app.reads.primary_rechecks",
            unit: "{read}",
            description: "Posts a replica did not have, asked for again on the primary (replication lag).");
    }

    public void ReadFellBackToPrimary() => _primaryFallbacks.Add(1);

    public void PostRecheckedOnPrimary() => _primaryRechecks.Add(1);
}
