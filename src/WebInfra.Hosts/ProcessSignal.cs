namespace WebInfra.Hosts;

/// <summary>The signals WebInfra sends a component's process, with their POSIX numbers.</summary>
public enum ProcessSignal
{
    /// <summary>SIGKILL: ends the process at once, as a crash would.</summary>
    Kill = 9,

    /// <summary>SIGTERM: asks the process to stop gracefully (each component finishes its requests and exits).</summary>
    Terminate = 15,
}
