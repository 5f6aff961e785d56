using System.Diagnostics;

namespace WebInfra.Cli.Supervision;

/// <summary>
/// Starts a node's process detached from the command that started it: in a session of its own (so closing the
/// terminal does not hang it up), stdin from /dev/null and output appended to its log file, never to a pipe
/// whose reader goes away when <c>webinfra</c> exits. The pid is the node's own: <c>setsid</c> and the shell
/// both exec into it.
/// </summary>
internal static class ProcessLauncher
{
    private const string Redirect = "exec \"$@\" >>\"$WEBINFRA_NODE_LOG\" 2>&1 </dev/null";

    public static NodeProcess Launch(string fileName, IEnumerable<string> arguments, string logFile)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(logFile)!);
        var start = new ProcessStartInfo("setsid") { UseShellExecute = false };
        foreach (var argument in (string[])["/bin/sh", "-c", Redirect, "webinfra-node", fileName, .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["WEBINFRA_NODE_LOG"] = logFile;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {fileName}");
        var startTime = UnixProcess.ReadStartTime(process.Id)
            ?? throw new InvalidOperationException($"{fileName} exited at once; see {logFile}");
        return new NodeProcess(process.Id, startTime);
    }
}
