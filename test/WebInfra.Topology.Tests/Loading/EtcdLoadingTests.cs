using System.Net;
using WebInfra.Topology.Firewall;
using WebInfra.Topology.Model;

namespace WebInfra.Topology.Tests.Loading;

/// <summary>The <c>etcd</c> component: its ports, several monitors needing it, and the firewall around it.</summary>
public sealed class EtcdLoadingTests
{
    /// <summary>The distributed topology with a monitor and an etcd member on lb-01, server-1 and server-2 (the monitor on line 9).</summary>
    private static readonly string s_threeMonitors = TopologyText.With(
        TopologyText.With(
            TopologyText.DistributedWith("balancer: { port: 8080, backend: web }", "balancer: { port: 8080, backend: web }\n      monitor: { port: 8090 }\n      etcd: { port: 2379 }"),
            "app: { port: 8082 }\n      db: { port: 3306, role: primary }", "app: { port: 8082 }\n      db: { port: 3306, role: primary }\n      monitor: { port: 8090 }\n      etcd: { port: 2379, peer_port: 2390 }"),
        "app: { port: 8082 }\n      db: { port: 3306, role: replica }", "app: { port: 8082 }\n      db: { port: 3306, role: replica }\n      monitor: { port: 8090 }\n      etcd: { port: 2379 }");

    [Fact]
    public void Etcd_member_has_its_own_role_and_a_peer_port_one_above_its_port_by_default()
    {
        var topology = TopologyText.Load(s_threeMonitors);

        var members = topology.EtcdMembers.ToList();
        Assert.Equal(["lb-01/etcd", "server-1/etcd", "server-2/etcd"], members.Select(m => m.Name));
        Assert.All(members, m => Assert.Equal(ComponentRole.Etcd, m.Role));
        Assert.Equal(2380, members[0].PeerPort);
        Assert.Equal(2390, members[1].PeerPort);
        Assert.Null(members[0].AdminPort);
        Assert.Equal(3, topology.Monitors.Count());
    }

    [Fact]
    public void Second_monitor_without_etcd_members_is_an_error_at_its_line_saying_to_add_them()
    {
        var errors = TopologyText.Errors(TopologyText.DistributedWith(
            "balancer: { port: 8080, backend: web }", "balancer: { port: 8080, backend: web }\n      monitor: { port: 8090 }").Replace(
            "app: { port: 8082 }\n      db: { port: 3306, role: replica }", "app: { port: 8082 }\n      db: { port: 3306, role: replica }\n      monitor: { port: 8090 }", StringComparison.Ordinal));

        var error = Assert.Single(errors);
        Assert.StartsWith("'server-2/monitor' is a second database monitor, but the topology has no etcd members", error.Message, StringComparison.Ordinal);
        Assert.Contains("add 'etcd: { port: 2379 }' to three servers", error.Hint, StringComparison.Ordinal);
        Assert.Equal(23, error.Location.Line);
    }

    [Fact]
    public void Peer_port_on_another_listener_is_an_error()
    {
        var errors = TopologyText.Errors(s_threeMonitors.Replace("etcd: { port: 2379, peer_port: 2390 }", "etcd: { port: 2379, peer_port: 8081 }", StringComparison.Ordinal));

        Assert.Contains(errors, e => e.Message.Contains("the peer listener of 'server-1/etcd' (peer_port) listens on 127.0.1.1:8081", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("server-1", 2379, "127.0.1.10", true)]
    [InlineData("server-1", 2379, "127.0.1.2", true)]
    [InlineData("server-1", 2379, "10.0.0.5", true)]
    [InlineData("server-1", 2379, "127.0.1.99", false)]
    [InlineData("server-1", 2390, "127.0.1.10", true)]
    [InlineData("server-1", 2390, "127.0.1.2", true)]
    [InlineData("server-1", 2390, "10.0.0.5", false)]
    public void Client_port_is_open_to_the_monitors_and_operators_and_the_peer_port_to_the_other_members_only(string server, int port, string source, bool admitted)
    {
        var topology = TopologyText.Load(s_threeMonitors + "\nfirewall: { operators: [10.0.0.5] }\n");

        Assert.Equal(admitted, ServerFirewall.For(topology, topology.FindServer(server)!).Admits(port, IPAddress.Parse(source)));
    }
}
