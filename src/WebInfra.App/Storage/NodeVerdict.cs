using System.Globalization;

namespace WebInfra.App.Storage;

/// <summary>A node's <see cref="NodeState"/> with the detail the log line needs to say why.</summary>
/// <param name="Node">The node.</param>
/// <param name="State">What the app does with it.</param>
/// <param name="SecondsBehindPrimary">Its lag when it replicates and the server knows it.</param>
/// <param name="Error">Why it was unreachable.</param>
internal sealed record NodeVerdict(DatabaseServer Node, NodeState State, long? SecondsBehindPrimary = null, string? Error = null)
{
    /// <summary>Why the node gets no reads, in a few words for the log.</summary>
    public string Reason(TimeSpan maxLag) => State switch
    {
        NodeState.Unreachable => $"unreachable ({Error})",
        NodeState.ExtraWritable => "writable although another node is primary",
        NodeState.NotReplicating => "read-only but not replicating",
        NodeState.SqlThreadStopped => "SQL thread stopped",
        NodeState.LagUnknown => "lag unknown (I/O thread not connected)",
        NodeState.Lagging => string.Create(CultureInfo.InvariantCulture, $"lag {SecondsBehindPrimary} s exceeds {maxLag.TotalSeconds} s"),
        _ => State.ToString(),
    };
}
