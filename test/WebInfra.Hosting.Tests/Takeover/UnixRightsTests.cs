using System.Net;
using System.Net.Sockets;
using System.Text;
using WebInfra.Hosting.Takeover;

namespace WebInfra.Hosting.Tests.Takeover;

public sealed class UnixRightsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("webinfra-rights-").FullName;

    [Fact]
    public async Task A_listening_socket_sent_over_a_Unix_socket_accepts_at_the_receiver_after_the_sender_closed_its_own()
    {
        var (sender, receiver) = await ConnectedPairAsync();
        using var _ = sender;
        using var __ = receiver;
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Parse("127.0.47.1"), 0));
        listener.Listen();
        var endpoint = (IPEndPoint)listener.LocalEndPoint!;

        UnixRights.ShareWithOtherProcesses((int)listener.Handle);
        UnixRights.Send(sender, Encoding.UTF8.GetBytes(endpoint.ToString()), [(int)listener.Handle]);
        var buffer = new byte[256];
        var (length, descriptors) = UnixRights.Receive(receiver, buffer);

        Assert.Equal(endpoint.ToString(), Encoding.UTF8.GetString(buffer, 0, length));
        var descriptor = Assert.Single(descriptors);
        Assert.NotEqual((int)listener.Handle, descriptor);
        Assert.False(UnixRights.ClosesOnExec(descriptor));
        using var received = new Socket(new SafeSocketHandle(descriptor, ownsHandle: true));

        // The sender stops accepting as a replaced process does: an accept pending, then its socket closed.
        var pending = listener.AcceptAsync();
        listener.Dispose();
        await Assert.ThrowsAnyAsync<Exception>(async () => await pending);

        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(endpoint);
        using var accepted = await received.AcceptAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(client.LocalEndPoint, accepted.RemoteEndPoint);
    }

    [Fact]
    public async Task The_peer_of_a_Unix_socket_is_known_by_its_process_and_user()
    {
        var (sender, receiver) = await ConnectedPairAsync();
        using var _ = sender;
        using var __ = receiver;

        var (pid, uid) = UnixRights.Peer(receiver);

        Assert.Equal(Environment.ProcessId, pid);
        Assert.Equal(UnixRights.UserId, uid);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private async Task<(Socket Sender, Socket Receiver)> ConnectedPairAsync()
    {
        using var server = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        var path = new UnixDomainSocketEndPoint(Path.Combine(_directory, "pair.sock"));
        server.Bind(path);
        server.Listen();
        var sender = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await sender.ConnectAsync(path);
        return (sender, await server.AcceptAsync());
    }
}
