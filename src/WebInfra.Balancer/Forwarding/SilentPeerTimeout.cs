using System.Net.Sockets;

namespace WebInfra.Balancer.Forwarding;

/// <summary>
/// Gives up on a member whose host went silent, as one that lost its power or its network does: no reset and no
/// answer, so a request sent on a pooled connection to it would wait the whole server timeout. Linux's
/// <c>TCP_USER_TIMEOUT</c> ends such a connection once what was sent to it goes unacknowledged for as long as the
/// backend's connect timeout. A live member's kernel acknowledges at once, however long its application takes to
/// answer, so only a host that is gone is given up on; the request then fails as a transport failure, which the
/// retries send to another member when it is safe to repeat.
/// </summary>
internal static class SilentPeerTimeout
{
    // Linux's TCP_USER_TIMEOUT (2.6.37+), in milliseconds.
    private const int TcpUserTimeout = 18;

    /// <summary>Sets the limit on every connection <paramref name="handler"/> opens through its connect callback.</summary>
    public static SocketsHttpHandler GiveUpOnSilentPeersAfter(this SocketsHttpHandler handler, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var connect = handler.ConnectCallback ?? throw new InvalidOperationException("the handler connects through a callback of its own (BindTo) first");
        var milliseconds = BitConverter.GetBytes((int)Math.Clamp(timeout.TotalMilliseconds, 1, int.MaxValue));
        handler.ConnectCallback = async (context, cancellationToken) =>
        {
            var stream = await connect(context, cancellationToken);
            if (OperatingSystem.IsLinux() && stream is NetworkStream { Socket: var socket })
            {
                socket.SetRawSocketOption((int)SocketOptionLevel.Tcp, TcpUserTimeout, milliseconds);
            }

            return stream;
        };
        return handler;
    }
}
