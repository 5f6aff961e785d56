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
    private readonly string _fileName;

    private ForegroundProgram(Process process, string fileName) => (_process, _fileName) = (process, fileName);

    /// <summary>The child's process id.</summary>
    public int Id => _process.Id;

    /// <summary>
    /// Starts <paramref name="fileName"/> with <paramref name="arguments"/>, in <paramref name="workingDirectory"/> (else this
    /// process's) with <paramref name="environment"/> added to this process's environment.
    /// </summary>
    public static ForegroundProgram Start(string fileName, IEnumerable<string> arguments, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(fileName) { UseShellExecute = false, WorkingDirectory = workingDirectory ?? string.Empty };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return new ForegroundProgram(Process.Start(start) ?? throw new InvalidOperationException($"could not start {fileName}"), fileName);
    }

    /// <summary>
    /// Runs <paramref name="fileName"/> with <paramref name="arguments"/> to its end (a short command such as <c>ip</c> or
    /// <c>knotc</c>) and returns what it printed, its output then its errors; its exit code is the caller's to ignore.
    /// </summary>
    public static async Task<string> RunToEndAsync(string fileName, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(fileName) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {fileName}");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (await output + await errors).Trim();
    }

    /// <summary>
    /// Keeps the program running, with <paramref name="companions"/> beside it (the loops that serve it: health checks,
    /// event readers), until <paramref name="stoppingToken"/> asks to stop: then SIGTERM, SIGKILL after
    /// <paramref name="grace"/>, and the companions are cancelled and awaited. A program that exits on its own is a
    /// failure of the component.
    /// </summary>
    /// <exception cref="InvalidOperationException">The program exited before it was asked to.</exception>
    public async Task SuperviseAsync(IEnumerable<Func<CancellationToken, Task>> companions, TimeSpan grace, CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(companions);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var running = companions.Select(companion => companion(stop.Token)).ToList();
        try
        {
            await _process.WaitForExitAsync(stoppingToken);
            throw new InvalidOperationException($"{Path.GetFileName(_fileName)} exited with code {_process.ExitCode}; see the lines above");
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await StopAsync(grace);
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(running).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>The program's exit code, once it has exited.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Completes when the program exits, whoever made it.</summary>
    public Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    /// <summary>SIGTERM, then SIGKILL (with every descendant) if the program still runs after <paramref name="grace"/>.</summary>
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
