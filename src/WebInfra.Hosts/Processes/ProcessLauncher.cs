using System.Diagnostics;

namespace WebInfra.Hosts.Processes;

/// <summary>
/// Starts a node's process detached from the command that started it: in a session of its own (so closing the
/// terminal does not hang it up), stdin from /dev/null and output appended to its log file, never to a pipe
/// whose reader goes away when <c>webinfra</c> exits. The pid is the node's own: <c>setsid</c> and the shell
/// both exec into it.
/// </summary>
internal static class ProcessLauncher
{
    private const string Redirect = "exec \"$@\" >>\"$WEBINFRA_NODE_LOG\" 2>&1 </dev/null";

    /// <summary>Starts the command (<paramref name="commandLine"/>: the program, then its arguments) as a detached node process.</summary>
    public static NodeProcess Launch(IReadOnlyList<string> commandLine, string logFile)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(logFile)!);
        var start = new ProcessStartInfo("setsid") { UseShellExecute = false };
        foreach (var argument in (string[])["/bin/sh", "-c", Redirect, "webinfra-node", .. commandLine])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["WEBINFRA_NODE_LOG"] = logFile;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {commandLine[0]}");
        var startTime = UnixProcess.ReadStartTime(process.Id)
            ?? throw new InvalidOperationException($"{commandLine[0]} exited at once; see {logFile}");
        return new NodeProcess(process.Id, startTime);
    }
}
