using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using WebInfra.Database;
using WebInfra.Database.Provisioning;
using WebInfra.Database.Replication;

namespace WebInfra.FunctionalTests.Database;

/// <summary>
/// A mariadbd started by a test from the library's command line, as the supervisor would start it.
/// Its output is kept for failure messages. Every instance is killed on dispose, and any still
/// running when the test host exits is killed then, so a failed or aborted test leaves no server behind.
/// </summary>
internal sealed class MariaDbProcess : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<MariaDbProcess, byte> s_running = new();

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    static MariaDbProcess()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var running in s_running.Keys)
            {
                running.Kill();
            }
        };
    }

    private MariaDbProcess(DatabaseNode node, MariaDbCommandLine commandLine)
    {
        Node = node;
        var startInfo = new ProcessStartInfo(commandLine.FileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in commandLine.Arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        _process = new Process { StartInfo = startInfo };
        _process.OutputDataReceived += Append;
        _process.ErrorDataReceived += Append;
    }

    public DatabaseNode Node { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static MariaDbProcess Start(DatabaseNode node, MariaDbCommandLine commandLine)
    {
        var server = new MariaDbProcess(node, commandLine);
        server._process.Start();
        s_running.TryAdd(server, 0);
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        return server;
    }

    /// <summary>Waits until the node accepts the administrator; fails at once, with mariadbd's output, if mariadbd exits first.</summary>
    public async Task WaitUntilReadyAsync(ClusterBootstrapper bootstrapper, TimeSpan timeout)
    {
        using var exited = new CancellationTokenSource();
        var ready = bootstrapper.WaitUntilReadyAsync(Node, timeout, exited.Token);
        var exit = _process.WaitForExitAsync(CancellationToken.None);
        if (await Task.WhenAny(ready, exit) == exit)
        {
            await exited.CancelAsync();
            await ready.ContinueWith(_ => { }, TaskScheduler.Default);
            throw new InvalidOperationException($"mariadbd for {Node.Name} exited with code {_process.ExitCode} before it was ready:\n{Output}");
        }

        try
        {
            await ready;
        }
        catch (DatabaseNodeException exception)
        {
            throw new InvalidOperationException($"{exception.Message}\nmariadbd output:\n{Output}", exception);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        await _process.WaitForExitAsync(CancellationToken.None);
        s_running.TryRemove(this, out _);
        _process.Dispose();
    }

    private void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    private void Append(object sender, DataReceivedEventArgs e)
    {
        if (e.Data is not null)
        {
            lock (_output)
            {
                _output.Append(e.Data).Append('\n');
            }
        }
    }
}
