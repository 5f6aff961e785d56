using System.Net;
using System.Net.Sockets;
using System.Text;

namespace WebInfra.FunctionalTests.Infrastructure;

/// <summary>
/// HTTP/1.1 written byte for byte over a socket, for requests no well-behaved client would send (ambiguous framing,
/// oversized headers, raw traversal paths) and for clients that dribble.
/// </summary>
internal static class RawHttp
{
    /// <summary>Sends <paramref name="request"/> and reads until the server closes the connection or <paramref name="timeout"/> passes.</summary>
    public static async Task<RawResponse> SendAsync(IPEndPoint server, string request, IPAddress? source = null, TimeSpan? timeout = null)
    {
        using var socket = await ConnectAsync(server, source);
        await socket.SendAsync(Encoding.Latin1.GetBytes(request), SocketFlags.None);
        return await ReadToCloseAsync(socket, timeout ?? TimeSpan.FromSeconds(10));
    }

    /// <summary>A connected socket, bound to <paramref name="source"/> when given, so a test can be another client address.</summary>
    public static async Task<Socket> ConnectAsync(IPEndPoint server, IPAddress? source = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        if (source is not null)
        {
            socket.Bind(new IPEndPoint(source, 0));
        }

        await socket.ConnectAsync(server);
        return socket;
    }

    /// <summary>Reads everything until the peer closes; a response still open at <paramref name="timeout"/> is returned as read so far.</summary>
    public static async Task<RawResponse> ReadToCloseAsync(Socket socket, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(socket);
        using var cancellation = new CancellationTokenSource(timeout);
        var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        var closed = false;
        try
        {
            while (true)
            {
                var read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellation.Token);
                if (read == 0)
                {
                    closed = true;
                    break;
                }

                received.Write(buffer, 0, read);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException)
        {
            // A reset is the server closing too.
            closed = true;
        }

        return new RawResponse(Encoding.Latin1.GetString(received.ToArray()), closed);
    }
}
