using System.Globalization;
using System.Runtime.InteropServices;

namespace WebInfra.Hosts.Processes;

/// <summary>Signals and liveness of processes by pid, read from <c>/proc</c> as the kernel reports them.</summary>
internal static partial class UnixProcess
{
    /// <summary>The process's start time, or null when no such process lives (zombies count as dead).</summary>
    public static long? ReadStartTime(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        // The command name (field 2) is in parentheses and may itself contain spaces or ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return fields[0] is "Z" or "X" ? null : long.Parse(fields[19], CultureInfo.InvariantCulture);
    }

    public static bool IsAlive(NodeProcess process) => ReadStartTime(process.Pid) == process.StartTime;

    /// <summary>Sends <paramref name="signal"/> if the process is still the one that was started.</summary>
    /// <remarks>
    /// SIGKILL goes to the process's whole group, which <c>setsid</c> made its own: a crash takes the children too (as
    /// keepalived's VRRP process), as a host's failure would. Other signals go to the process, which tells its children.
    /// </remarks>
    public static bool Signal(NodeProcess process, ProcessSignal signal) =>
        IsAlive(process) && ((signal == ProcessSignal.Kill && Kill(-process.Pid, (int)signal) == 0) || Kill(process.Pid, (int)signal) == 0);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
