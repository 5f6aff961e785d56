using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Prometheus;
using WebInfra.Topology.Firewall;

namespace WebInfra.Hosting.Firewall;

/// <summary>
/// Enforces the server's firewall on every listener a component runs: a connection from a source the topology does
/// not let in is closed as it is accepted, before a byte of it is read (no TLS handshake, no request parsed), and
/// counted. It is the same decision the exported nftables rules make on a real host, so the two never disagree.
/// </summary>
public static class ConnectionFirewall
{
    private static readonly Counter s_refused = Prometheus.Metrics.CreateCounter(
        "webinfra_firewall_refused_total",
        "Connections closed at accept because the server's firewall does not let their source in, by listener port.",
        ["port"]);

    /// <summary>
    /// Puts the firewall <paramref name="firewall"/> returns in front of everything else on <paramref name="listen"/>;
    /// call it before any other connection middleware (HTTPS, connection metrics) so that a refused connection reaches
    /// none of them. It is asked at each connection, so a reload that adds a server admits it at once.
    /// </summary>
    public static ListenOptions UseFirewall(this ListenOptions listen, Func<ServerFirewall> firewall)
    {
        ArgumentNullException.ThrowIfNull(listen);
        ArgumentNullException.ThrowIfNull(firewall);
        var port = listen.IPEndPoint?.Port ?? throw new InvalidOperationException("the firewall guards IP listeners only");
        var refused = s_refused.WithLabels(port.ToString(CultureInfo.InvariantCulture));
        refused.IncTo(0);
        listen.Use(next => connection =>
        {
            if (connection.RemoteEndPoint is IPEndPoint remote && firewall().Admits(port, remote.Address))
            {
                return next(connection);
            }

            refused.Inc();
            connection.Abort(new ConnectionAbortedException("refused by the server's firewall"));
            return Task.CompletedTask;
        });
        return listen;
    }
}
