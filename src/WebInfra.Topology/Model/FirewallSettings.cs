using System.Net;
using WebInfra.Topology.Firewall;

namespace WebInfra.Topology.Model;

/// <summary>
/// Whether every server denies incoming connections by default and opens only what the site needs (the balancer's
/// public ports to all, a web server to its balancers, an application server to its web servers, a database node to
/// the application servers, the monitor and the other nodes), and who operates the site. Off by default, as a fresh
/// host is; <c>webinfra doctor</c> names it until it is on.
/// </summary>
/// <param name="Enabled">True: default deny on every server, then the rules.</param>
/// <param name="Operators">
/// Where operators run <c>webinfra</c>, Prometheus and a browser for the dashboard: admin listeners, the dashboard,
/// the database nodes' port and SSH are open to them. On one machine, 127.0.0.1, where every unbound loopback
/// connection comes from.
/// </param>
/// <param name="SshPort">The port the nftables export keeps open to operators so a real host stays reachable; null keeps none.</param>
/// <param name="Location">Where the firewall section is written, or null when it is absent.</param>
public sealed record FirewallSettings(bool Enabled, IReadOnlyList<IPNetwork> Operators, int? SshPort, SourceLocation? Location)
{
    /// <summary>The port SSH listens on by default.</summary>
    public const int DefaultSshPort = 22;

    /// <summary>
    /// These settings for servers that are hosts of their own, reached from <paramref name="address"/>: that address is
    /// an operator, in place of this machine's 127.0.0.1 when no operators were named (there 127.0.0.1 would be each
    /// server itself), or besides the ones named.
    /// </summary>
    public FirewallSettings WithOperator(IPAddress address)
    {
        var host = FirewallSources.Host(address);
        return Operators.SequenceEqual(Default.Operators) ? this with { Operators = [host] }
            : Operators.Contains(host) ? this
            : this with { Operators = [.. Operators, host] };
    }

    /// <summary>No firewall; operators on this machine.</summary>
    public static FirewallSettings Default { get; } = new(false, [new IPNetwork(IPAddress.Loopback, 32)], DefaultSshPort, null);
}
