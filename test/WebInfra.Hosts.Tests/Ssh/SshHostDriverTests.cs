using System.Net;
using WebInfra.Hosts.Ssh;
using WebInfra.Topology.Model;

namespace WebInfra.Hosts.Tests.Ssh;

public sealed class SshHostDriverTests
{
    private static Component Balancer(int port, int? httpsPort = null) => new()
    {
        ServerName = "lb-01",
        Kind = ComponentKind.Balancer,
        Role = ComponentRole.Balancer,
        Address = IPAddress.Parse("203.0.113.10"),
        Port = port,
        HttpsPort = httpsPort,
        AdminPort = port + 1000,
        Location = new SourceLocation("site.yaml", 1, 1),
    };

    [Fact]
    public void A_component_on_ports_above_1023_keeps_no_capability() =>
        Assert.Equal("--bounding-set=-all --inh-caps=-all", SshHostDriver.Capabilities(Balancer(8080, 8443)));

    [Theory]
    [InlineData(80, null)]
    [InlineData(8080, 443)]
    public void A_component_on_a_port_below_1024_keeps_the_right_to_bind_it_and_nothing_else(int port, int? httpsPort) =>
        Assert.Equal("--bounding-set=-all,+net_bind_service --inh-caps=-all,+net_bind_service --ambient-caps=-all,+net_bind_service",
            SshHostDriver.Capabilities(Balancer(port, httpsPort)));

    [Fact]
    public void Keepalived_keeps_the_rights_to_add_addresses_and_send_raw_packets_and_nothing_else()
    {
        var vrrp = Balancer(0) with { Kind = ComponentKind.Vrrp, Role = ComponentRole.Vrrp, AdminPort = null };

        Assert.Equal("--bounding-set=-all,+net_admin,+net_raw --inh-caps=-all,+net_admin,+net_raw --ambient-caps=-all,+net_admin,+net_raw",
            SshHostDriver.Capabilities(vrrp));
    }

    [Fact]
    public void A_name_server_on_port_53_keeps_the_right_to_bind_it()
    {
        var dns = Balancer(53) with { Kind = ComponentKind.Dns, Role = ComponentRole.Dns, AdminPort = null };

        Assert.Equal(["CAP_NET_BIND_SERVICE"], SystemdUnit.Capabilities(dns));
    }
}
