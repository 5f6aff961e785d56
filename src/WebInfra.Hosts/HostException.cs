namespace WebInfra.Hosts;

/// <summary>
/// A kind of host could not do what was asked of it: this machine lacks something it needs, or a command that sets up
/// or tears down its servers failed. The message says what and, where there is one, the fix.
/// </summary>
public sealed class HostException : Exception
{
    /// <summary>Creates the exception with no message.</summary>
    public HostException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed, and the fix when there is one.</param>
    public HostException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    /// <param name="message">What failed, and the fix when there is one.</param>
    /// <param name="innerException">The underlying error.</param>
    public HostException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
