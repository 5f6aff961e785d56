using System.Net;
using System.Net.Sockets;

namespace WebInfra.Hosting.Firewall;

/// <summary>
/// Makes a component's outgoing connections leave from its server's address. On one machine the kernel gives
/// every unbound loopback connection the source 127.0.0.1, so without this a web server could not tell its balancer
/// from anyone else on the machine; on a real host it picks the interface the firewall of the other side expects.
/// </summary>
public static class SourceAddressBinding
{
    // Linux's IP_BIND_ADDRESS_NO_PORT (4.2+): bind the address now, choose the port at connect time, so each
    // destination gets its own range of ephemeral ports instead of all of them sharing one address's.
    private const int IpBindAddressNoPort = 24;

    /// <summary>Connects <paramref name="handler"/>'s sockets from <paramref name="source"/>.</summary>
    public static SocketsHttpHandler BindTo(this SocketsHttpHandler handler, IPAddress source)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(source);
        handler.ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = SocketFrom(source);
            try
            {
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        };
        return handler;
    }

    /// <summary>A TCP socket bound to <paramref name="source"/>, its port left to the connect; the caller owns it.</summary>
    public static Socket SocketFrom(IPAddress source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var socket = new Socket(source.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            if (OperatingSystem.IsLinux() && source.AddressFamily == AddressFamily.InterNetwork)
            {
                socket.SetRawSocketOption((int)SocketOptionLevel.IP, IpBindAddressNoPort, BitConverter.GetBytes(1));
            }

            socket.Bind(new IPEndPoint(source, 0));
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
