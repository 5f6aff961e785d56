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
    /// SIGKILL goes to the process and every descendant, as a host's failure would take them: a program a component runs
    /// as its child may have made a session of its own (keepalived does), out of reach of a kill of the process group.
    /// Other signals go to the process, which tells its children.
    /// </remarks>
    public static bool Signal(NodeProcess process, ProcessSignal signal)
    {
        if (!IsAlive(process))
        {
            return false;
        }

        if (signal != ProcessSignal.Kill)
        {
            return Kill(process.Pid, (int)signal) == 0;
        }

        // Stop the process first so it starts no new child while its descendants are read, then kill them, then it.
        _ = Kill(process.Pid, SignalStop);
        foreach (var descendant in Descendants(process.Pid))
        {
            _ = Kill(descendant, (int)ProcessSignal.Kill);
        }

        return Kill(process.Pid, (int)ProcessSignal.Kill) == 0;
    }

    /// <summary>Every descendant of <paramref name="pid"/>, from the kernel's list of each thread's children.</summary>
    private static List<int> Descendants(int pid)
    {
        var found = new List<int>();
        var pending = new Stack<int>([pid]);
        while (pending.TryPop(out var parent))
        {
            IEnumerable<string> tasks;
            try
            {
                tasks = Directory.GetDirectories($"/proc/{parent}/task");
            }
            catch (IOException)
            {
                continue;
            }

            foreach (var task in tasks)
            {
                string children;
                try
                {
                    children = File.ReadAllText(Path.Combine(task, "children"));
                }
                catch (IOException)
                {
                    continue;
                }

                foreach (var child in children.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(c => int.Parse(c, System.Globalization.CultureInfo.InvariantCulture)))
                {
                    found.Add(child);
                    pending.Push(child);
                }
            }
        }

        return found;
    }

    private const int SignalStop = 19;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
