using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;

namespace WebInfra.Hosting.Takeover;

/// <summary>
/// Every socket this component process listens on (its public listener, its HTTPS and admin listeners, an application
/// server's database endpoints), by name (<c>127.0.1.10:8080</c>). Kestrel asks it for each socket it binds
/// (<see cref="SocketTransportOptions.CreateBoundListenSocket"/>): at a first start it makes one as Kestrel would; a
/// process started to take over from a running one (<c>webinfra restart</c>) gets those of that process, received over
/// its <see cref="TakeoverSocket"/>, so no port is ever closed and connections waiting on a socket are accepted by
/// whichever process accepts first. Once it has handed its sockets on, this process stops accepting when it is told to
/// stop and closes its keep-alive connections after their next response (<see cref="IsClosing"/>).
/// </summary>
public sealed class ListenerSockets
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, int> _inherited;
    private readonly List<(string Name, Socket Socket)> _listening = [];
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Kept open for this process's life: the process it took over from learns from its end closing that this one is gone.
    private readonly Socket? _predecessor;
    private int _connections;
    private int _successors;
    private volatile bool _closing;

    private ListenerSockets(Dictionary<string, int> inherited, Socket? predecessor)
    {
        _inherited = inherited;
        _predecessor = predecessor;
        InheritedCount = inherited.Count;
        if (predecessor is null)
        {
            _ready.SetResult();
        }
    }

    /// <summary>The sockets of <paramref name="context"/>'s component: its running process's when it takes over from one, else none yet.</summary>
    /// <exception cref="IOException">It takes over, and the running process of the component did not hand it its sockets.</exception>
    public static ListenerSockets Open(ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.TakesOver)
        {
            return new ListenerSockets([], predecessor: null);
        }

        // A later generation that systemd starts again (after a crash, or at boot) has --takeover on its command line, and
        // nothing to take over: it listens on sockets of its own, as a first start does.
        return Inherit(context.TakeoverSocketPath) is var (inherited, predecessor)
            ? new ListenerSockets(inherited, predecessor)
            : new ListenerSockets([], predecessor: null) { FoundNoPredecessor = true };
    }

    /// <summary>True when this process was to take over and no process of its component ran: it listens on sockets of its own.</summary>
    public bool FoundNoPredecessor { get; private init; }

    /// <summary>How many sockets this process received from the one it took over from.</summary>
    public int InheritedCount { get; }

    /// <summary>True once this process has handed its sockets to another, while that one runs: it is being replaced.</summary>
    public bool HandedOver { get; private set; }

    /// <summary>True once a process that handed its sockets on has stopped accepting: its responses end their connections.</summary>
    public bool IsClosing => _closing;

    /// <summary>Connections open on every listener now.</summary>
    public int OpenConnections => Volatile.Read(ref _connections);

    /// <summary>Kestrel's <see cref="SocketTransportOptions.CreateBoundListenSocket"/>: the inherited socket for <paramref name="endpoint"/>, or a new one bound to it.</summary>
    internal Socket Bind(EndPoint endpoint)
    {
        var name = endpoint.ToString()!;
        lock (_lock)
        {
            var socket = _inherited.Remove(name, out var descriptor)
                ? new Socket(new SafeSocketHandle(descriptor, ownsHandle: true))
                : SocketTransportOptions.CreateDefaultBoundListenSocket(endpoint);
            _listening.Add((name, socket));
            return socket;
        }
    }

    /// <summary>Closes the inherited sockets this build listens on no more, so that nobody is left waiting on one; returns their names.</summary>
    internal IReadOnlyList<string> CloseUnused()
    {
        lock (_lock)
        {
            var unused = _inherited.ToList();
            _inherited.Clear();
            foreach (var (_, descriptor) in unused)
            {
                new SafeSocketHandle(descriptor, ownsHandle: true).Dispose();
            }

            return [.. unused.Select(u => u.Key)];
        }
    }

    /// <summary>
    /// Runs <paramref name="connection"/> and counts it while it runs. In a process that took its sockets over, a
    /// connection accepted before the process is ready (<see cref="Ready"/>) waits for it: the process it replaces is
    /// still serving, and a cold one would answer with errors.
    /// </summary>
    internal async Task AdmitAsync(Func<Task> connection)
    {
        Interlocked.Increment(ref _connections);
        try
        {
            await _ready.Task;
            await connection();
        }
        finally
        {
            Interlocked.Decrement(ref _connections);
        }
    }

    /// <summary>Lets the connections in: the process listens and is ready.</summary>
    internal void Ready() => _ready.TrySetResult();

    /// <summary>
    /// Sends every listening socket, named, over <paramref name="client"/> (one message: the names, a line each, and the
    /// descriptors in the same order). From then on the sockets are shared, and this process is being replaced; the
    /// number returned names this handover to <see cref="SuccessorGone"/>.
    /// </summary>
    internal int HandOver(Socket client)
    {
        lock (_lock)
        {
            var descriptors = _listening.Select(l => (int)l.Socket.Handle).ToList();
            descriptors.ForEach(UnixRights.ShareWithOtherProcesses);
            UnixRights.Send(client, Encoding.UTF8.GetBytes(string.Join('\n', _listening.Select(l => l.Name))), descriptors);
            HandedOver = true;
            return ++_successors;
        }
    }

    /// <summary>
    /// The process handover <paramref name="successor"/> went to exited before this one was told to stop (it failed to
    /// start): this process is no longer being replaced, unless another has taken its sockets since.
    /// </summary>
    internal void SuccessorGone(int successor)
    {
        lock (_lock)
        {
            if (successor == _successors && !_closing)
            {
                HandedOver = false;
            }
        }
    }

    /// <summary>
    /// Stops accepting on every socket, which the process that took them over goes on accepting on, and ends each
    /// keep-alive connection after its next response. Kestrel's own stop closes idle keep-alive connections at once,
    /// racing a client that is sending its next request on one (HAProxy's few errors per reload).
    /// </summary>
    internal void BeginClosing()
    {
        _closing = true;
        lock (_lock)
        {
            // Kestrel's accept loop on a disposed socket ends as at its own unbind; the descriptors have no close-on-exec,
            // so this process's copies are only closed, never the sockets themselves (UnixRights.ShareWithOtherProcesses).
            _listening.ForEach(l => l.Socket.Dispose());
        }
    }

    /// <summary>The sockets the process listening at <paramref name="path"/> hands over, or null when no process listens there (no file, or a stale one).</summary>
    private static (Dictionary<string, int> Inherited, Socket Predecessor)? Inherit(string path)
    {
        var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified) { ReceiveTimeout = 10_000, SendTimeout = 10_000 };
        try
        {
            client.Connect(new UnixDomainSocketEndPoint(path));
        }
        catch (SocketException exception) when (exception.SocketErrorCode is SocketError.ConnectionRefused or SocketError.AddressNotAvailable || !File.Exists(path))
        {
            client.Dispose();
            return null;
        }
        catch (SocketException exception)
        {
            client.Dispose();
            throw new IOException($"the running process's takeover socket {path} could not be reached: {exception.Message}", exception);
        }

        client.Send(TakeoverSocket.Request);
        var buffer = new byte[8192];
        var (length, descriptors) = UnixRights.Receive(client, buffer);
        var names = Encoding.UTF8.GetString(buffer, 0, length).Split('\n');
        if (names.Length != descriptors.Length)
        {
            throw new IOException($"the process at {path} sent {descriptors.Length} sockets for {names.Length} names");
        }

        return (names.Zip(descriptors).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal), client);
    }
}
