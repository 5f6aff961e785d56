namespace WebInfra.Cli.Supervision;

/// <summary>
/// A runtime failure the user can act on: which node, what went wrong, and where its log is. The CLI prints the
/// message without a stack trace and exits with 1.
/// </summary>
public sealed class SupervisorException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SupervisorException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public SupervisorException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception with no detail.</summary>
    public SupervisorException()
    {
    }
}
