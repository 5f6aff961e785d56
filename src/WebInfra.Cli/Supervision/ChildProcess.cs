using System.Diagnostics;

namespace WebInfra.Cli.Supervision;

/// <summary>Runs a command in the foreground, sharing this process's terminal, and returns its exit code.</summary>
internal static class ChildProcess
{
    public static int Run(IReadOnlyList<string> commandLine)
    {
        var start = new ProcessStartInfo(commandLine[0]) { UseShellExecute = false };
        foreach (var argument in commandLine.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new SupervisorException($"could not run {commandLine[0]}");
        process.WaitForExit();
        return process.ExitCode;
    }
}
