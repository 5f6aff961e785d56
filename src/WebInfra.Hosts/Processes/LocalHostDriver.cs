using WebInfra.Topology.Model;

namespace WebInfra.Hosts.Processes;

/// <summary>
/// What every kind of host whose servers live on this machine shares: a component is a process here, started detached
/// (<see cref="ProcessLauncher"/>), known by its pid and start time, signalled with <c>kill(2)</c>, its log a file. A
/// kind adds how a command is run on one of its servers (<see cref="IHostDriver.OnServer"/>) and how the servers are made.
/// </summary>
public abstract class LocalHostDriver : IHostDriver
{
    /// <inheritdoc/>
    public abstract string Name { get; }

    /// <inheritdoc/>
    public abstract INetworkFaults? Faults { get; }

    /// <inheritdoc/>
    /// <remarks>Never raised: servers on this machine are made and started at once, with nothing to wait for.</remarks>
    public event Action<string>? Progress
    {
        add { }
        remove { }
    }

    /// <inheritdoc/>
    public abstract IReadOnlyList<string> Fingerprint();

    /// <inheritdoc/>
    public abstract void Prepare();

    /// <inheritdoc/>
    public abstract IReadOnlyList<string> OnServer(string serverName, IReadOnlyList<string> commandLine);

    /// <inheritdoc/>
    public abstract IReadOnlyList<string>? FromOperator(IReadOnlyList<string> commandLine);

    /// <inheritdoc/>
    /// <remarks>Nothing to send: every server reads this machine's files.</remarks>
    public void Publish()
    {
    }

    /// <inheritdoc/>
    public string PathOnServer(string serverName, string path) => path;

    /// <inheritdoc/>
    public abstract string? CannotListen(Component component);

    /// <inheritdoc/>
    public abstract IReadOnlyList<string> TearDown(bool purge);

    /// <inheritdoc/>
    public abstract string AsOperator(string commandLine);

    /// <inheritdoc/>
    public abstract void PowerOff(string serverName);

    /// <inheritdoc/>
    public NodeProcess Start(Component component, string fileName, IReadOnlyList<string> arguments, string logFile) =>
        ProcessLauncher.Launch(OnServer(component.ServerName, [fileName, .. arguments]), logFile);

    /// <inheritdoc/>
    public bool IsAlive(NodeProcess process) => UnixProcess.IsAlive(process);

    /// <inheritdoc/>
    public bool Signal(NodeProcess process, ProcessSignal signal) => UnixProcess.Signal(process, signal);

    /// <inheritdoc/>
    public async Task StopAsync(IReadOnlyList<NodeProcess> processes, TimeSpan grace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(processes);
        foreach (var process in processes)
        {
            UnixProcess.Signal(process, ProcessSignal.Terminate);
        }

        var deadline = DateTime.UtcNow + grace;
        while (processes.Any(UnixProcess.IsAlive) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }

        foreach (var process in processes.Where(UnixProcess.IsAlive))
        {
            UnixProcess.Signal(process, ProcessSignal.Kill);
        }

        while (processes.Any(UnixProcess.IsAlive))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> LogTail(string serverName, string logFile, int lines) =>
        File.Exists(logFile) ? [.. File.ReadLines(logFile).TakeLast(Math.Max(1, lines))] : [];

    /// <inheritdoc/>
    /// <remarks>Every component here writes to the log file it was started with.</remarks>
    public LogExcerpt OutputOf(Component component, string logFile, int lines)
    {
        ArgumentNullException.ThrowIfNull(component);
        return new LogExcerpt(logFile, LogTail(component.ServerName, logFile, lines));
    }
}
