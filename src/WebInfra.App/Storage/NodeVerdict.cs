using System.Globalization;
using WebInfra.Database.Replication;

namespace WebInfra.App.Storage;

/// <summary>A node's <see cref="NodeState"/> with the detail the log line needs to say why.</summary>
/// <param name="Node">The node.</param>
/// <param name="State">What the app does with it.</param>
/// <param name="SecondsBehindPrimary">Its lag when it replicates and the server knows it.</param>
/// <param name="Error">Why it was unreachable.</param>
/// <param name="Contact">When a read-only node last reported a lag, and what it was: how old its data is once it is cut off from its primary.</param>
internal sealed record NodeVerdict(DatabaseServer Node, NodeState State, long? SecondsBehindPrimary = null, string? Error = null, ReplicaContact? Contact = null)
{
    /// <summary>The node takes reads: a replica within the lag bound, or one whose primary is gone.</summary>
    public bool TakesReads => State is NodeState.Eligible or NodeState.PrimaryLost;

    /// <summary>Why the node gets no reads, or why it takes them without a primary, in a few words for the log.</summary>
    public string Reason(TimeSpan maxLag) => State switch
    {
        NodeState.Unreachable => $"unreachable ({Error})",
        NodeState.ExtraWritable => "writable although another node is primary",
        NodeState.NotReplicating => "read-only but not replicating",
        NodeState.SqlThreadStopped => "SQL thread stopped",
        NodeState.LagUnknown => "lag unknown (I/O thread not connected) while the primary is up",
        NodeState.PrimaryLost => "no node is writable; it serves the data it has",
        NodeState.Lagging => string.Create(CultureInfo.InvariantCulture, $"lag {SecondsBehindPrimary} s exceeds {maxLag.TotalSeconds} s"),
        _ => State.ToString(),
    };
}
