namespace WebInfra.Topology.Loading;

/// <summary>
/// Thrown when a topology file cannot be used. Carries every error found, sorted by location, so a user fixes
/// them in one pass rather than one per run.
/// </summary>
public sealed class TopologyException : Exception
{
    /// <summary>Creates the exception from the errors found.</summary>
    public TopologyException(IReadOnlyList<TopologyError> errors)
        : base(Format(errors))
    {
        Errors = errors;
    }

    /// <summary>Creates an exception with a single message (for callers that need the standard constructors).</summary>
    public TopologyException(string message)
        : base(message)
    {
        Errors = [];
    }

    /// <summary>Creates an exception with a single message and its cause.</summary>
    public TopologyException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [];
    }

    /// <summary>Creates an exception with no detail.</summary>
    public TopologyException()
    {
        Errors = [];
    }

    /// <summary>Every error, sorted by location.</summary>
    public IReadOnlyList<TopologyError> Errors { get; }

    private static string Format(IReadOnlyList<TopologyError> errors)
    {
        var noun = errors.Count == 1 ? "error" : "errors";
        return $"The topology is invalid ({errors.Count} {noun}):{Environment.NewLine}{string.Join(Environment.NewLine, errors)}";
    }
}
