using System.Globalization;
using System.Net;

namespace WebInfra.Hosts.Processes;

/// <summary>
/// A host's listening TCP sockets as iproute2's <c>ss</c> prints them, read the same way on every kind of host: whether
/// a socket already takes the address and port a component is to listen on.
/// </summary>
internal static class SocketTable
{
    /// <summary>The command line that prints the sockets listening on <paramref name="port"/>, one per line, without a header.</summary>
    public static IReadOnlyList<string> ListeningOn(int port) => ["ss", "-Hltn", string.Create(CultureInfo.InvariantCulture, $"sport = :{port}")];

    /// <summary>
    /// True when a socket bound to <paramref name="local"/> (an address as <c>ss</c> prints it) takes its port on
    /// <paramref name="address"/> too: the same address, or any.
    /// </summary>
    public static bool Covers(string local, IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(address);
        return local is "*" or "0.0.0.0" or "[::]" or "::" || local.Trim('[', ']') == address.ToString();
    }

    /// <summary>
    /// The local address and port of one line of <c>ss -Hltn</c> or <c>ss -Hltnpe</c> (<c>LISTEN 0 511 10.0.0.1:8081 0.0.0.0:*</c>),
    /// the address without an interface (<c>%eth0</c>); null for a line that has none.
    /// </summary>
    public static (string Address, int Port)? LocalOf(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length >= 4 ? Split(fields[3]) : null;
    }

    /// <summary>An <c>ADDRESS:PORT</c> as <c>ss</c> prints it, the address without an interface; null when it is not one.</summary>
    public static (string Address, int Port)? Split(string local)
    {
        ArgumentNullException.ThrowIfNull(local);
        var colon = local.LastIndexOf(':');
        if (colon < 0 || !int.TryParse(local[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            return null;
        }

        var address = local[..colon];
        var percent = address.IndexOf('%', StringComparison.Ordinal);
        return (percent < 0 ? address : address[..percent], port);
    }

    /// <summary>True when a socket of <paramref name="listening"/> (the output of <see cref="ListeningOn"/>) takes <paramref name="port"/> on <paramref name="address"/>.</summary>
    public static bool Takes(string listening, IPAddress address, int port)
    {
        ArgumentNullException.ThrowIfNull(listening);
        return listening.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Any(line => LocalOf(line) is { } local && local.Port == port && Covers(local.Address, address));
    }
}
