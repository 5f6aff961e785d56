using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using WebInfra.Hosts.Ssh;
using WebInfra.Topology.Loading;
using WebInfra.Topology.Model;

namespace WebInfra.Hosts.Tests.Ssh;

public sealed class PeerProbeTests
{
    private static Topology.Model.Topology Load() => TopologyLoader.Parse("""
        site: { name: www.foobar.com, files: . }
        hosts: ssh
        firewall: { enabled: true, operators: [203.0.113.254] }
        servers:
          lb-01:
            address: 203.0.113.10
            components:
              balancer: { port: 8080, backend: web }
          server-1:
            address: 203.0.113.1
            components:
              web: { port: 8081, backend: app }
              app: { port: 8082, command: exec python3 app.py }
          server-2:
            address: 203.0.113.2
            components:
              web: { port: 8081, backend: app }
              app: { port: 8082, command: exec python3 app.py }
        backends:
          web: { members: [server-1/web, server-2/web] }
          app: { members: [server-1/app, server-2/app] }
        """, "site.yaml", AppContext.BaseDirectory);

    [Fact]
    public void A_server_probes_what_its_components_connect_to_on_the_other_servers_and_nothing_open_to_everyone()
    {
        var topology = Load();

        Assert.Equal(["203.0.113.1:8081", "203.0.113.2:8081"], PeerProbe.For(topology, topology.FindServer("lb-01")!).Select(p => p.Key));
        var fromServer1 = Assert.Single(PeerProbe.For(topology, topology.FindServer("server-1")!));
        Assert.Equal(("server-2", 8082, "server-2/app from its web servers"), (fromServer1.Peer.Name, fromServer1.Port, fromServer1.Purpose));
    }

    [Fact]
    public void An_answer_is_no_problem_and_a_drop_is_one_unless_the_peer_runs_a_ruleset_of_the_site_that_this_topology_replaces()
    {
        var topology = Load();
        var lb = topology.FindServer("lb-01")!;
        var probe = PeerProbe.For(topology, lb)[0];

        Assert.Null(probe.Problem(lb, PeerProbe.Open, peerFirewallCurrent: true));
        Assert.Null(probe.Problem(lb, PeerProbe.Refused, peerFirewallCurrent: true));
        Assert.Null(probe.Problem(lb, PeerProbe.Dropped, peerFirewallCurrent: false));
        Assert.Equal("its connections to server-1 (203.0.113.1) port 8081 (server-1/web from its balancers) get no answer within 2 s: "
            + "a firewall on the way, or on server-1 and not the site's, drops them; let 203.0.113.10 through to port 8081",
            probe.Problem(lb, PeerProbe.Dropped, peerFirewallCurrent: true));
        Assert.StartsWith("it has no route to server-1 (203.0.113.1) port 8081", probe.Problem(lb, "no-route", peerFirewallCurrent: false), StringComparison.Ordinal);
        Assert.StartsWith("it did not say whether it reaches server-1", probe.Problem(lb, null, peerFirewallCurrent: true), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_script_tells_a_port_that_answers_from_one_that_refuses()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var open = ((IPEndPoint)listener.LocalEndpoint).Port;
        int closed;
        using (var unused = new TcpListener(IPAddress.Loopback, 0))
        {
            unused.Start();
            closed = ((IPEndPoint)unused.LocalEndpoint).Port;
        }

        var location = new SourceLocation("site.yaml", 1, 1);
        var peer = new Server("peer", IPAddress.Loopback, [], location);
        var script = PeerProbe.Script([new PeerProbe(peer, open, "open"), new PeerProbe(peer, closed, "closed")]);

        using var shell = Process.Start(new ProcessStartInfo("sh", ["-c", script]) { RedirectStandardOutput = true })!;
        var output = await shell.StandardOutput.ReadToEndAsync();
        await shell.WaitForExitAsync();

        var peers = HostFacts.Parse(output).Peers;
        Assert.Equal(PeerProbe.Open, peers[$"127.0.0.1:{open}"]);
        Assert.Equal(PeerProbe.Refused, peers[$"127.0.0.1:{closed}"]);
    }
}
