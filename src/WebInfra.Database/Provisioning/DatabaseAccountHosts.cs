using System.Globalization;
using System.Net;
using System.Net.Sockets;
using WebInfra.Topology.Firewall;
using WebInfra.Topology.Model;

namespace WebInfra.Database.Provisioning;

/// <summary>
/// Where each of WebInfra's database accounts may connect from: MariaDB's host-based grants, the part of the
/// firewall that WebInfra enforces on the database nodes, whose listener it does not own. With the firewall on, the
/// application account is granted to the application servers, the replication account to the database servers and
/// the administrator to the monitor's server and the operators; with it off, every account is granted to any host. The
/// administrator is also granted at <c>localhost</c>, which with <c>--skip-name-resolve</c> is the node's own socket
/// only: a tool on the node's host (mariadb-backup cloning a new replica) connects that way, with the password still.
/// </summary>
/// <remarks>
/// MySqlConnector cannot choose the address its connections leave from, nor can a replica's I/O thread (MariaDB has
/// no <c>MASTER_BIND</c>). On one machine every such loopback connection therefore comes from 127.0.0.1, which is
/// granted too when the servers are loopback addresses; a client bound to any other address is still refused. On real
/// hosts, connections leave from the servers' own addresses and the grants name only those.
/// </remarks>
/// <param name="App">MariaDB host patterns of the application account.</param>
/// <param name="Replication">Host patterns of the replication account.</param>
/// <param name="Admin">Host patterns of the administrator.</param>
public sealed record DatabaseAccountHosts(IReadOnlyList<string> App, IReadOnlyList<string> Replication, IReadOnlyList<string> Admin)
{
    /// <summary>MariaDB's wildcard host: any address.</summary>
    public const string AnyHost = "%";

    /// <summary>MariaDB's host of a connection through the node's socket, on its own host.</summary>
    public const string SocketHost = "localhost";

    /// <summary>Every account from any host: no firewall.</summary>
    public static DatabaseAccountHosts Anywhere { get; } = new([AnyHost], [AnyHost], [AnyHost, SocketHost]);

    /// <summary>The hosts the topology's firewall allows each account from.</summary>
    public static DatabaseAccountHosts For(Topology.Model.Topology topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        if (!topology.Firewall.Enabled)
        {
            return Anywhere;
        }

        return new(
            Patterns(FirewallSources.ServersRunning(topology, ComponentKind.App)),
            Patterns(FirewallSources.ServersRunning(topology, ComponentKind.Database)),
            [.. Patterns([.. FirewallSources.ServersRunning(topology, ComponentKind.Monitor), .. topology.Firewall.Operators]), SocketHost]);
    }

    /// <summary>The MariaDB host pattern of an address range: an address, <c>base/netmask</c> or <c>%</c>.</summary>
    public static string Pattern(IPNetwork range)
    {
        var family = range.BaseAddress.AddressFamily;
        if (range.PrefixLength == 0)
        {
            return AnyHost;
        }

        if (FirewallSources.IsHost(range))
        {
            return range.BaseAddress.ToString();
        }

        if (family != AddressFamily.InterNetwork)
        {
            throw new ArgumentException($"MariaDB grants take IPv6 addresses but not IPv6 ranges such as {range}; list the addresses", nameof(range));
        }

        var mask = new IPAddress(BitConverter.GetBytes(IPAddress.HostToNetworkOrder(unchecked((int)(uint.MaxValue << (32 - range.PrefixLength))))));
        return string.Create(CultureInfo.InvariantCulture, $"{range.BaseAddress}/{mask}");
    }

    private static List<string> Patterns(IReadOnlyList<IPNetwork> ranges)
    {
        var patterns = ranges.Select(Pattern).ToList();
        if (ranges.Any(r => IPAddress.IsLoopback(r.BaseAddress)))
        {
            patterns.Add(IPAddress.Loopback.ToString());
        }

        return [.. patterns.Distinct(StringComparer.Ordinal)];
    }
}
