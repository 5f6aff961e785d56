using System.Diagnostics;

namespace WebInfra.Hosts.Processes;

/// <summary>Runs a short command (<c>ip</c>, <c>nft</c>, <c>ss</c>) to its end and returns what it printed; a failure is a <see cref="HostException"/> naming the command and its error.</summary>
internal static class CommandRunner
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    /// <summary>Runs <paramref name="commandLine"/>; throws when it cannot start, exits non-zero or takes longer than 30 s.</summary>
    public static string Run(IReadOnlyList<string> commandLine, string? input = null) =>
        TryRun(commandLine, out var output, out var error, input)
            ? output
            : throw new HostException($"'{string.Join(' ', commandLine)}' failed: {error}");

    /// <summary>Runs <paramref name="commandLine"/> with <paramref name="input"/> on its standard input; false, with its error output, when it cannot start or exits non-zero.</summary>
    public static bool TryRun(IReadOnlyList<string> commandLine, out string output, out string error, string? input = null)
    {
        var start = new ProcessStartInfo(commandLine[0]) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var argument in commandLine.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        Process? process;
        try
        {
            process = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            (output, error) = (string.Empty, $"{commandLine[0]} cannot be run: {exception.Message}");
            return false;
        }

        using (process)
        {
            if (process is null)
            {
                (output, error) = (string.Empty, $"{commandLine[0]} did not start");
                return false;
            }

            if (input is not null)
            {
                process.StandardInput.Write(input);
            }

            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(s_timeout))
            {
                process.Kill(entireProcessTree: true);
                (output, error) = (string.Empty, $"no answer within {s_timeout.TotalSeconds} s");
                return false;
            }

            output = stdout.GetAwaiter().GetResult();
            error = stderr.GetAwaiter().GetResult().Trim();
            if (error.Length == 0)
            {
                error = $"exit code {process.ExitCode}";
            }

            return process.ExitCode == 0;
        }
    }
}
