using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using WebInfra.App.Diagnostics;
using WebInfra.App.Storage;
using WebInfra.Hosting;
using WebInfra.Hosting.Firewall;

namespace WebInfra.App.DatabaseEndpoints;

/// <summary>
/// The database endpoints on Kestrel's connection layer: each connection to the writer port is forwarded to the node
/// that is primary now, each connection to the reader port to the next replica that may take reads (round robin), or
/// to the primary when none may. Bytes are copied both ways and never parsed. While no node can take a connection (a
/// failover in progress) it waits up to <see cref="Wait"/> for one, looking at the cluster again; a writer connection
/// is closed as soon as its node stops being the primary (<see cref="WriterFence"/>).
/// </summary>
internal sealed partial class DatabaseEndpointHandler(
    ComponentContext context,
    DatabaseClusterView view,
    WriterFence fence,
    ILogger<DatabaseEndpointHandler> logger) : ConnectionHandler
{
    /// <summary>How long a new connection may wait for a node: longer than a failover takes, shorter than a client's connect timeout (10 s).</summary>
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(8);

    private static readonly TimeSpan s_connectTimeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan s_idle = TimeSpan.FromMilliseconds(200);

    private readonly ReplicaSelector _replicas = new();

    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        var writer = connection.LocalEndPoint is IPEndPoint { Port: var port } && port == context.Topology.Database.Endpoints.WriterPort;
        var endpoint = writer ? "writer" : "reader";
        var (node, socket) = await ConnectAsync(writer, connection.ConnectionClosed);
        if (node is null || socket is null)
        {
            DatabaseEndpointMetrics.Refused.WithLabels(endpoint).Inc();
            if (!connection.ConnectionClosed.IsCancellationRequested)
            {
                Log.ConnectionRefused(logger, endpoint, connection.RemoteEndPoint?.ToString(), Wait.TotalSeconds);
            }

            return;
        }

        DatabaseEndpointMetrics.Forwarded.WithLabels(endpoint, node.Queries.Node).Inc();
        var fenced = writer ? fence.TokenFor(node) : CancellationToken.None;
        using var done = CancellationTokenSource.CreateLinkedTokenSource(fenced, connection.ConnectionClosed);
        await using var stream = new NetworkStream(socket, ownsSocket: true);
        var toNode = connection.Transport.Input.CopyToAsync(stream, done.Token);
        var toClient = stream.CopyToAsync(connection.Transport.Output.AsStream(leaveOpen: true), done.Token);
        await Task.WhenAny(toNode, toClient);
        await done.CancelAsync();
        await Task.WhenAll(toNode, toClient).ContinueWith(_ => { }, TaskScheduler.Default);
        if (fenced.IsCancellationRequested)
        {
            DatabaseEndpointMetrics.Fenced.Inc();
        }
    }

    /// <summary>
    /// A connected socket to the node the endpoint should reach now, looking at the cluster again after each node that
    /// cannot be reached or while none qualifies, until <see cref="Wait"/> runs out or the client goes away.
    /// </summary>
    private async Task<(DatabaseServer? Node, Socket? Socket)> ConnectAsync(bool writer, CancellationToken clientGone)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(clientGone);
        deadline.CancelAfter(Wait);
        var snapshot = view.Current;
        try
        {
            while (true)
            {
                var node = writer ? snapshot.Primary : _replicas.Pick(snapshot) ?? snapshot.Primary;
                if (node is not null && await TryConnectAsync(node, deadline.Token) is { } socket)
                {
                    return (node, socket);
                }

                // Nothing qualifies (no primary yet): give the monitor a moment rather than observe the nodes back to back.
                if (node is null)
                {
                    await Task.Delay(s_idle, deadline.Token);
                }

                snapshot = await view.RefreshAsync(deadline.Token);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            return (null, null);
        }
    }

    private async Task<Socket?> TryConnectAsync(DatabaseServer node, CancellationToken cancellationToken)
    {
        // From the server's address, which the database nodes' firewalls and grants let application servers in by.
        var socket = SourceAddressBinding.SocketFrom(context.SourceAddress);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(s_connectTimeout);
        try
        {
            await socket.ConnectAsync(node.EndPoint, timeout.Token);
            return socket;
        }
        catch (Exception ex) when (ex is SocketException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            socket.Dispose();
            Log.NodeUnreachable(logger, node.Name, ex.Message);
            return null;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.EndpointConnectionRefused, LogLevel.Warning, "Database {Endpoint} endpoint closed a connection from {Client}: no node could take it within {WaitSeconds} s")]
        public static partial void ConnectionRefused(ILogger logger, string endpoint, string? client, double waitSeconds);

        [LoggerMessage(EventIds.EndpointNodeUnreachable, LogLevel.Information, "Database endpoint could not reach {Node} ({Error}); looking at the cluster again")]
        public static partial void NodeUnreachable(ILogger logger, string node, string error);
    }
}
