namespace WebInfra.Cli.Commands;

/// <summary>Bad input on the command line: the CLI prints the message and hint and exits with 2.</summary>
public sealed class UsageException : Exception
{
    /// <summary>Creates the exception.</summary>
    public UsageException(string message, string? hint)
        : base(message)
    {
        Hint = hint;
    }

    /// <summary>Creates the exception.</summary>
    public UsageException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public UsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception with no detail.</summary>
    public UsageException()
    {
    }

    /// <summary>What the user can do about it.</summary>
    public string? Hint { get; }
}
