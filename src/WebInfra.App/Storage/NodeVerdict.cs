using System.Globalization;
using WebInfra.Database.Replication;
using WebInfra.Topology.Model;

namespace WebInfra.App.Storage;

/// <summary>A node's <see cref="NodeState"/> with the detail the log line needs to say why.</summary>
/// <param name="Node">The node.</param>
/// <param name="State">What the app does with it.</param>
/// <param name="SecondsBehindPrimary">Its lag when it replicates and the server knows it.</param>
/// <param name="Error">Why it was unreachable.</param>
/// <param name="Contact">When a read-only node last reported a lag, and what it was: how old its data is once it is cut off from its primary.</param>
/// <param name="DataAgeSeconds">How old its data is at least, from <paramref name="Contact"/>; null when it was never seen in touch with a primary.</param>
internal sealed record NodeVerdict(DatabaseServer Node, NodeState State, long? SecondsBehindPrimary = null, string? Error = null, ReplicaContact? Contact = null, double? DataAgeSeconds = null)
{
    /// <summary>The node takes reads: a replica within the lag bound, or a cut-off one taking stale-ok reads.</summary>
    public bool TakesReads => State is NodeState.Eligible or NodeState.CutOff or NodeState.PrimaryLost;

    /// <summary>Why the node gets no reads, or why it takes stale-ok ones, in a few words for the log.</summary>
    public string Reason(ReadRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var maxLag = rules.MaxLag.TotalSeconds;
        var age = string.Create(CultureInfo.InvariantCulture, $"data {DataAgeSeconds:0.#} s old");
        return State switch
        {
            NodeState.Unreachable => $"unreachable ({Error})",
            NodeState.ExtraWritable => "writable although another node is primary",
            NodeState.NotReplicating => "read-only but not replicating",
            NodeState.SqlThreadStopped => "SQL thread stopped",
            NodeState.LagUnknown when rules.DuringFailover == ReadsDuringFailover.Fail => "lag unknown (I/O thread not connected) and reads.during_failover is fail",
            NodeState.LagUnknown when DataAgeSeconds is null => "lag unknown (I/O thread not connected), never seen in touch with its primary",
            NodeState.LagUnknown => string.Create(CultureInfo.InvariantCulture, $"lag unknown (I/O thread not connected), {age}: past max_lag {maxLag} s"),
            NodeState.CutOff => string.Create(CultureInfo.InvariantCulture, $"I/O thread not connected while the primary is up; serves stale-ok reads, {age} (max_lag {maxLag} s)"),
            NodeState.PrimaryLost => string.Create(CultureInfo.InvariantCulture, $"no node is writable; serves stale-ok reads, {age} (max_lag {maxLag} s)"),
            NodeState.Lagging => string.Create(CultureInfo.InvariantCulture, $"lag {SecondsBehindPrimary} s exceeds {maxLag} s"),
            _ => State.ToString(),
        };
    }
}
