using System.Net;
using WebInfra.Topology.Firewall;

namespace WebInfra.Topology.Tests.Firewall;

public sealed class ServerFirewallTests
{
    private static readonly Model.Topology s_topology = TopologyText.Load(TopologyText.DistributedWith(
        "    address: 127.0.1.2\n", "    address: 127.0.1.2\n    firewall:\n      - { port: 9100, from: [operators, 10.9.0.0/24] }\n")
        + "\nfirewall: { operators: [10.0.0.5] }\n");

    private static ServerFirewall Of(string server) => ServerFirewall.For(s_topology, s_topology.FindServer(server)!);

    [Theory]
    [InlineData("lb-01", 8080, "203.0.113.9", true)]
    [InlineData("server-1", 8081, "127.0.1.10", true)]
    [InlineData("server-1", 8081, "127.0.1.2", false)]
    [InlineData("server-1", 8082, "127.0.1.2", true)]
    [InlineData("server-1", 8082, "127.0.1.10", false)]
    [InlineData("server-1", 3306, "127.0.1.1", true)]
    [InlineData("server-1", 3306, "127.0.1.2", true)]
    [InlineData("server-1", 3306, "10.0.0.5", true)]
    [InlineData("server-1", 3306, "127.0.1.10", false)]
    [InlineData("server-1", 9081, "10.0.0.5", true)]
    [InlineData("server-1", 9081, "127.0.1.10", false)]
    [InlineData("server-1", 22, "10.0.0.5", true)]
    [InlineData("server-1", 22, "127.0.1.10", false)]
    [InlineData("server-1", 9100, "10.9.0.77", false)]
    [InlineData("server-2", 9100, "10.9.0.77", true)]
    [InlineData("server-2", 9100, "10.0.0.5", true)]
    [InlineData("server-2", 9100, "10.9.1.1", false)]
    [InlineData("server-1", 1234, "10.0.0.5", false)]
    public void Each_port_admits_exactly_the_sources_the_site_needs(string server, int port, string source, bool admitted)
    {
        Assert.Equal(admitted, Of(server).Admits(port, IPAddress.Parse(source)));
    }

    [Fact]
    public void Dns_server_is_open_to_everyone_over_udp_and_tcp_and_has_no_admin_port()
    {
        var topology = TopologyText.Load(TopologyText.WithDns);

        var firewall = ServerFirewall.For(topology, topology.FindServer("ns-01")!);

        var opening = Assert.Single(firewall.Openings, o => o.Port == 5353);
        Assert.True(opening.AlsoUdp);
        Assert.True(opening.FromAnywhere);
        Assert.Equal([22, 5353], firewall.Openings.Select(o => o.Port));
    }

    [Fact]
    public void Ipv4_mapped_ipv6_source_is_judged_as_its_ipv4_address()
    {
        Assert.True(Of("server-1").Admits(8081, IPAddress.Parse("127.0.1.10").MapToIPv6()));
        Assert.False(Of("server-1").Admits(8081, IPAddress.Parse("127.0.1.99").MapToIPv6()));
    }

    [Fact]
    public void Monitor_reaches_every_admin_listener()
    {
        var monitored = TopologyText.Load(TopologyText.DistributedWith(
            "      balancer: { port: 8080, backend: web }\n", "      balancer: { port: 8080, backend: web }\n      monitor: { port: 8090 }\n"));
        var firewall = ServerFirewall.For(monitored, monitored.FindServer("server-2")!);

        Assert.True(firewall.Admits(9081, IPAddress.Parse("127.0.1.10")));
        Assert.True(firewall.Admits(9082, IPAddress.Parse("127.0.1.10")));
        Assert.False(firewall.Admits(8090 + 1000, IPAddress.Parse("127.0.1.1")));
    }

    [Fact]
    public void Web_server_that_is_the_entry_point_is_open_to_everyone()
    {
        var oneServer = TopologyText.Load("""
            site: { name: www.foobar.com, files: . }
            servers:
              server-1:
                address: 127.0.1.1
                components:
                  web: { port: 8081, backend: app }
                  app: { port: 8082 }
                  db: { port: 3306, role: primary }
            backends:
              app: { members: [server-1/app] }
            firewall: {}
            """);
        var firewall = ServerFirewall.For(oneServer, oneServer.Servers[0]);

        Assert.True(firewall.Admits(8081, IPAddress.Parse("198.51.100.1")));
        Assert.True(firewall.Admits(8082, IPAddress.Parse("127.0.1.1")));
        Assert.False(firewall.Admits(8082, IPAddress.Parse("198.51.100.1")));
    }

    [Theory]
    [InlineData("any", "0.0.0.0/0,::/0")]
    [InlineData("operators", "10.0.0.5/32")]
    [InlineData("lb-01", "127.0.1.10/32")]
    [InlineData("server-2/app", "127.0.1.2/32")]
    [InlineData("web", "127.0.1.1/32,127.0.1.2/32")]
    [InlineData("db", "127.0.1.1/32,127.0.1.2/32")]
    [InlineData("10.0.0.0/8", "10.0.0.0/8")]
    [InlineData("2001:db8::1", "2001:db8::1/128")]
    public void Sources_resolve_to_the_addresses_they_name(string source, string ranges)
    {
        Assert.Equal(ranges, string.Join(",", FirewallSources.Resolve(s_topology, source)!));
    }

    [Theory]
    [InlineData("server-9")]
    [InlineData("10")]
    [InlineData("10.0.0")]
    [InlineData("proxies")]
    public void Unknown_source_resolves_to_nothing(string source)
    {
        Assert.Null(FirewallSources.Resolve(s_topology, source));
    }
}
