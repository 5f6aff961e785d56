namespace WebInfra.Hosts;

/// <summary>
/// A process the supervisor started. The kernel's start time is kept with the pid so that a pid reused by an
/// unrelated process after a crash is never mistaken for the node, nor signalled.
/// </summary>
/// <param name="Pid">The process id.</param>
/// <param name="StartTime">Field 22 of <c>/proc/PID/stat</c> when the process was started (clock ticks since boot).</param>
public sealed record NodeProcess(int Pid, long StartTime)
{
    /// <summary>The SSH host the process runs on (<c>user@host:port</c>), or null for a process of this machine.</summary>
    public string? Host { get; init; }

    /// <summary>
    /// The systemd unit that runs the process on its host (<c>webinfra-server-1-web@1.service</c>), or null for a process
    /// nothing supervises. systemd may have started it again since, under another pid: the unit is what is asked and
    /// signalled then.
    /// </summary>
    public string? Unit { get; init; }
}
