using System.Diagnostics;
using System.Runtime.InteropServices;

namespace WebInfra.Hosting.Processes;

/// <summary>
/// A program a component runs as its child, in the foreground, for as long as the component runs (keepalived for the
/// <c>vrrp</c> component, knotd for <c>dns</c>): its output goes to the component's own (its log file), a SIGKILL of the
/// component takes it too (the host driver kills a component's every descendant), and a stop asks it with SIGTERM first, so it can release what it holds (a
/// VIP, a socket) before it is killed.
/// </summary>
public sealed partial class ForegroundProgram : IDisposable
{
    private const int SignalTerminate = 15;

    private readonly Process _process;

    private ForegroundProgram(Process process) => _process = process;

    /// <summary>The child's process id.</summary>
    public int Id => _process.Id;

    /// <summary>Its exit code, once it has exited.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Starts <paramref name="fileName"/> with <paramref name="arguments"/>.</summary>
    public static ForegroundProgram Start(string fileName, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(fileName) { UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return new ForegroundProgram(Process.Start(start) ?? throw new InvalidOperationException($"could not start {fileName}"));
    }

    /// <summary>Completes when the program exits.</summary>
    public Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    /// <summary>SIGTERM, then SIGKILL if the program still runs after <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process.HasExited)
        {
            return;
        }

        _ = Kill(_process.Id, SignalTerminate);
        using var deadline = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _process.Dispose();

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
