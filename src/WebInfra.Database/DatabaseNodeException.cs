using WebInfra.Database.Provisioning;

namespace WebInfra.Database;

/// <summary>
/// A database node could not be installed, reached or made to replicate. The message names the
/// node, its address and the cause; <see cref="Node"/> lets the caller point at the component
/// (and its log file) without parsing the text.
/// </summary>
public sealed class DatabaseNodeException : Exception
{
    /// <summary>Creates the exception for <paramref name="node"/>.</summary>
    /// <param name="node">The node that failed.</param>
    /// <param name="message">What failed, naming the node and its address.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public DatabaseNodeException(DatabaseNode node, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Node = node;
    }

    /// <summary>The node that failed.</summary>
    public DatabaseNode Node { get; }
}
