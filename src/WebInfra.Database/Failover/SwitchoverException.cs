namespace WebInfra.Database.Failover;

/// <summary>
/// A switchover was refused or abandoned before anything changed. <see cref="IsBadTarget"/> tells a target that can
/// never work (not a replica of the primary) from one that is only not ready yet (lagging), so the CLI can exit 2 or 1.
/// </summary>
public sealed class SwitchoverException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SwitchoverException(string message, bool isBadTarget)
        : base(message)
    {
        IsBadTarget = isBadTarget;
    }

    /// <summary>Creates the exception.</summary>
    public SwitchoverException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public SwitchoverException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public SwitchoverException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The target is not a database node, or not a running replica of the primary.</summary>
    public bool IsBadTarget { get; }
}
