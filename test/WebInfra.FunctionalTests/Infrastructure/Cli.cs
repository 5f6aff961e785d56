using System.Diagnostics;

namespace WebInfra.FunctionalTests.Infrastructure;

/// <summary>Runs the <c>webinfra</c> launcher as a user would, or an outside tool that judges its output, with a bounded time.</summary>
internal static class Cli
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(4);

    public static Task<CliResult> RunAsync(params string[] arguments) => RunProgramAsync(Repository.Launcher, arguments);

    /// <summary>Runs <paramref name="program"/> (such as <c>/usr/bin/promtool</c>) from the repository root.</summary>
    public static Task<CliResult> RunProgramAsync(string program, params string[] arguments) => RunProgramAsync(s_timeout, program, arguments);

    /// <summary>Runs <paramref name="program"/> from the repository root, stopped after <paramref name="timeout"/> (a chaos script's whole run).</summary>
    public static async Task<CliResult> RunProgramAsync(TimeSpan timeout, string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Repository.Root,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(program)} {string.Join(' ', arguments)} did not finish within {timeout}");
        }

        return new CliResult(process.ExitCode, await output, await error);
    }
}
