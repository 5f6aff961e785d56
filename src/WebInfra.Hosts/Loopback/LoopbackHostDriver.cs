using System.Net;
using System.Net.Sockets;
using WebInfra.Hosts.Processes;
using WebInfra.Topology.Model;

namespace WebInfra.Hosts.Loopback;

/// <summary>
/// Every server is a loopback address of this machine (127.0.1.x), in its one network namespace: the servers exist
/// already, a component is a process here bound to its server's address, and nothing is left to remove after them.
/// </summary>
public sealed class LoopbackHostDriver : LocalHostDriver
{
    /// <summary>The kind's name in the run state.</summary>
    public const string Kind = "loopback";

    /// <inheritdoc/>
    public override string Name => Kind;

    /// <inheritdoc/>
    /// <remarks>None: every loopback server shares this machine's network, so there is no link between two of them to cut.</remarks>
    public override INetworkFaults? Faults => null;

    /// <inheritdoc/>
    public override IReadOnlyList<string> Fingerprint() => [];

    /// <inheritdoc/>
    /// <remarks>
    /// Nothing to make: the servers are loopback addresses this machine has already, and the operator's place is this
    /// machine itself, whose resolver WebInfra leaves alone; the site's DNS server is asked by its address and port
    /// (<c>dig @127.0.1.53 -p 5353 www.foobar.com</c>).
    /// </remarks>
    public override void Prepare()
    {
    }

    /// <inheritdoc/>
    public override IReadOnlyList<string>? FromOperator(IReadOnlyList<string> commandLine) => null;

    /// <inheritdoc/>
    public override string? CannotListen(Component component)
    {
        ArgumentNullException.ThrowIfNull(component);
        try
        {
            using var socket = new Socket(component.Address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(component.Address, component.Port));
            return null;
        }
        catch (SocketException exception)
        {
            return exception.Message;
        }
    }

    /// <inheritdoc/>
    public override IReadOnlyList<string> TearDown(bool purge) => [];

    /// <inheritdoc/>
    public override string AsOperator(string commandLine) => commandLine;

    /// <inheritdoc/>
    /// <remarks>Nothing to do: a loopback address is this machine's, which stays up.</remarks>
    public override void PowerOff(string serverName)
    {
    }

    /// <inheritdoc/>
    public override IReadOnlyList<string> OnServer(string serverName, IReadOnlyList<string> commandLine) => commandLine;
}
