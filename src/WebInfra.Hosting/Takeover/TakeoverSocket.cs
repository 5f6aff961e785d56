using System.Globalization;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WebInfra.Hosting.Health;
using WebInfra.Hosting.Logging;
using WebInfra.Hosting.Security;

namespace WebInfra.Hosting.Takeover;

/// <summary>
/// The Unix socket in the run state (<c>sockets/server-1-web.sock</c>, mode 0600 in a 0700 folder) through which a new
/// process of the same component takes this one's listening sockets (<see cref="ListenerSockets"/>), as HAProxy's
/// <c>-x</c> takes them over its stats socket. It appears once the process listens and is ready, so the process it
/// replaces (whose socket it renames itself over) is told to finish only then: <c>webinfra restart</c> waits until the
/// new process listens on the socket it bound as <c>PATH.PID</c> (<c>ss</c> shows it on the component's host, whatever
/// kind of host that is). It hands the sockets only to its own user or root. Told to
/// stop after handing them on, the process stops accepting and lets each connection end after its next response, for at
/// most <see cref="ClosingTimeout"/>, before the host's normal stop.
/// </summary>
internal sealed partial class TakeoverSocket(
    ComponentContext context,
    ListenerSockets listeners,
    ComponentReadiness readiness,
    IHostApplicationLifetime lifetime,
    ILogger<TakeoverSocket> logger) : BackgroundService, IHostedLifecycleService
{
    /// <summary>What a process taking over sends first; anything else gets nothing.</summary>
    public static ReadOnlySpan<byte> Request => "takeover\n"u8;

    /// <summary>
    /// How long a replaced process lets its keep-alive connections make one more request each (answered with
    /// <c>Connection: close</c>) before the host's normal stop closes those still idle.
    /// </summary>
    public static readonly TimeSpan ClosingTimeout = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan s_readyInterval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan s_requestTimeout = TimeSpan.FromSeconds(5);

    private Socket? _server;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken);
        }

        if (listeners.CloseUnused() is [_, ..] unused)
        {
            Log.UnusedClosed(logger, string.Join(", ", unused));
        }

        while (!readiness.IsReady)
        {
            await Task.Delay(s_readyInterval, stoppingToken);
        }

        listeners.Ready();
        _server = Publish(context.TakeoverSocketPath);
        if (listeners.InheritedCount > 0)
        {
            Log.TookOver(logger, context.Component.Name, listeners.InheritedCount, context.TakeoverSocketPath);
        }
        else if (listeners.FoundNoPredecessor)
        {
            Log.NoPredecessor(logger, context.Component.Name, context.TakeoverSocketPath);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _server.AcceptAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            if (await AnswerAsync(client, stoppingToken) is { } successor)
            {
                _ = WatchSuccessorAsync(client, successor, stoppingToken);
            }
            else
            {
                client.Dispose();
            }
        }
    }

    /// <summary>After handing the sockets on: stops accepting and waits, bounded, until every connection has ended.</summary>
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        if (!listeners.HandedOver)
        {
            return;
        }

        listeners.BeginClosing();
        var open = listeners.OpenConnections;
        var started = TimeProvider.System.GetTimestamp();
        while (listeners.OpenConnections > 0 && TimeProvider.System.GetElapsedTime(started) < ClosingTimeout)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken);
        }

        Log.Closed(logger, context.Component.Name, open, listeners.OpenConnections, TimeProvider.System.GetElapsedTime(started).TotalMilliseconds);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _server?.Dispose();
        await base.StopAsync(cancellationToken);

        // A process that handed its sockets on leaves the path to the one that took them (it has renamed its own there).
        if (_server is not null && !listeners.HandedOver)
        {
            File.Delete(context.TakeoverSocketPath);
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Binds a new socket beside <paramref name="path"/>, owner only, and renames it there: a client never finds no socket, nor one open to others.</summary>
    private static Socket Publish(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("listening sockets are handed over on Linux only");
        }

        OwnerOnlyFiles.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = string.Create(CultureInfo.InvariantCulture, $"{path}.{Environment.ProcessId}");
        File.Delete(temporary);
        var server = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            server.Bind(new UnixDomainSocketEndPoint(temporary));
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            server.Listen(4);
            File.Move(temporary, path, overwrite: true);
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>Hands the sockets to <paramref name="client"/> when it may have them and asks for them; the handover's number, else null.</summary>
    private async Task<int?> AnswerAsync(Socket client, CancellationToken cancellationToken)
    {
        var (pid, uid) = UnixRights.Peer(client);
        if (uid != 0 && uid != UnixRights.UserId)
        {
            Log.Refused(logger, context.TakeoverSocketPath, pid, uid);
            return null;
        }

        var request = new byte[Request.Length];
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(s_requestTimeout);
        try
        {
            var read = 0;
            while (read < request.Length && await client.ReceiveAsync(request.AsMemory(read), timeout.Token) is > 0 and var count)
            {
                read += count;
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException)
        {
            return null;
        }

        if (!request.AsSpan().SequenceEqual(Request))
        {
            return null;
        }

        var successor = listeners.HandOver(client);
        Log.HandedOver(logger, context.Component.Name, pid, listeners.OpenConnections);
        return successor;
    }

    /// <summary>Waits until the process the sockets went to closes its end: when it exited before this one stops, this one is no longer replaced.</summary>
    private async Task WatchSuccessorAsync(Socket client, int successor, CancellationToken cancellationToken)
    {
        using (client)
        {
            var buffer = new byte[16];
            try
            {
                while (await client.ReceiveAsync(buffer, cancellationToken) > 0)
                {
                }
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException)
            {
                return;
            }
        }

        if (!listeners.IsClosing)
        {
            listeners.SuccessorGone(successor);
            Log.SuccessorGone(logger, context.Component.Name);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.TakeoverReady, LogLevel.Information, "{Component} took over {Count} listening sockets; its own takeover socket is {Path}")]
        public static partial void TookOver(ILogger logger, string component, int count, string path);

        [LoggerMessage(EventIds.TakeoverHandedOver, LogLevel.Information, "{Component} handed its listening sockets to process {Pid}, with {Open} connections open; it finishes once told to stop")]
        public static partial void HandedOver(ILogger logger, string component, int pid, int open);

        [LoggerMessage(EventIds.TakeoverSuccessorGone, LogLevel.Warning, "{Component}: the process its listening sockets went to exited before taking over; it serves on as before")]
        public static partial void SuccessorGone(ILogger logger, string component);

        [LoggerMessage(EventIds.TakeoverRefused, LogLevel.Warning, "Takeover socket {Path} refused process {Pid} of user {Uid}: only this process's user or root may take its sockets")]
        public static partial void Refused(ILogger logger, string path, int pid, uint uid);

        [LoggerMessage(EventIds.TakeoverNoPredecessor, LogLevel.Warning, "{Component} was to take over, and no process of it listens at {Path} (started again after a crash or a reboot): it listens on sockets of its own")]
        public static partial void NoPredecessor(ILogger logger, string component, string path);

        [LoggerMessage(EventIds.TakeoverUnusedClosed, LogLevel.Information, "Closed inherited listening sockets this build does not listen on: {Names}")]
        public static partial void UnusedClosed(ILogger logger, string names);

        [LoggerMessage(EventIds.TakeoverClosed, LogLevel.Information, "{Component} stopped accepting; {Open} connections open then, {Left} left after {Milliseconds:0} ms of Connection: close")]
        public static partial void Closed(ILogger logger, string component, int open, int left, double milliseconds);
    }
}
