using WebInfra.Topology.Model;

namespace WebInfra.Topology.Tests.Validation;

public sealed class VipValidatorTests
{
    /// <summary>A balancer pair with one VIP; the VIP's address is on line 6, its balancers on line 7.</summary>
    private const string Pair = """
        hosts: namespaces
        network: { subnet: 10.77.0.0/24 }
        site: { name: www.foobar.com, files: . }
        vips:
          www:
            address: 10.77.0.100
            balancers: { lb-01/balancer: 150, lb-02/balancer: 100 }
        servers:
          lb-01:
            address: 10.77.0.11
            components:
              balancer: { port: 8080, backend: web }
          lb-02:
            address: 10.77.0.12
            components:
              balancer: { port: 8080, backend: web }
          server-1:
            address: 10.77.0.1
            components:
              web: { port: 8081, backend: app }
              app: { port: 8082 }
              db: { port: 3306, role: primary }
        backends:
          web: { members: [server-1/web] }
          app: { members: [server-1/app] }
        """;

    [Fact]
    public void A_pair_loads_with_a_keepalived_on_each_balancers_server()
    {
        var topology = TopologyText.Load(Pair);

        var vip = Assert.Single(topology.Vips);
        Assert.Equal(("www", "10.77.0.100", 1, null), (vip.Name, vip.Address.ToString(), vip.RouterId, vip.PreemptDelay));
        Assert.Equal([("lb-01/balancer", 150), ("lb-02/balancer", 100)], vip.Members.Select(m => (m.ComponentName, m.Priority)));
        Assert.Equal(["lb-01/vrrp", "lb-02/vrrp"], topology.Components.Where(c => c.Kind == ComponentKind.Vrrp).Select(c => c.Name));
        Assert.Equal("10.77.0.11", topology.FindComponent("lb-01/vrrp")!.Authority);
        Assert.Equal(["10.77.0.100"], topology.AddressesFor("www").Select(a => a.ToString()));
        Assert.Equal([vip], topology.VipsServedBy(topology.FindComponent("lb-02/balancer")!));
        Assert.Empty(topology.VipsServedBy(topology.FindComponent("server-1/web")!));
    }

    [Fact]
    public void Preempt_and_vrid_are_read()
    {
        var topology = TopologyText.Load(TopologyText.With(Pair, "    address: 10.77.0.100\n", "    address: 10.77.0.100\n    preempt: 30s\n    vrid: 42\n"));

        Assert.Equal((42, TimeSpan.FromSeconds(30)), (topology.Vips[0].RouterId, topology.Vips[0].PreemptDelay));
    }

    [Fact]
    public void A_vip_in_loopback_mode_is_refused_with_the_alternative()
    {
        var yaml = TopologyText.With(TopologyText.With(Pair, "hosts: namespaces\n", string.Empty), "network: { subnet: 10.77.0.0/24 }\n", string.Empty);

        var error = Assert.Single(TopologyText.Errors(yaml.Replace("10.77.0.", "127.0.1.", StringComparison.Ordinal)));

        Assert.StartsWith("a VIP needs servers that are hosts of their own ('hosts: namespaces', or real hosts)", error.Message, StringComparison.Ordinal);
        Assert.Contains("active-active DNS", error.Hint, StringComparison.Ordinal);
        Assert.Equal(2, error.Location.Line);
    }

    [Fact]
    public void A_pair_on_real_ssh_hosts_loads_with_a_keepalived_on_each_balancers_server()
    {
        var topology = TopologyText.Load(TopologyText.With(Pair, "hosts: namespaces\nnetwork: { subnet: 10.77.0.0/24 }\n", "hosts: ssh\n"));

        Assert.Equal(["lb-01/vrrp", "lb-02/vrrp"], topology.Components.Where(c => c.Kind == ComponentKind.Vrrp).Select(c => c.Name));
    }

    [Fact]
    public void A_vip_in_an_ssh_lab_is_checked_as_on_namespaces()
    {
        var yaml = TopologyText.With(TopologyText.With(Pair, "hosts: namespaces\n", "hosts: ssh\nssh: { lab: true }\n"), "address: 10.77.0.100", "address: 10.77.0.11");

        var error = Assert.Single(TopologyText.Errors(yaml));

        Assert.StartsWith("VIP 'www' has address 10.77.0.11, which is server 'lb-01''s own", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10.78.0.100", "VIP 'www' has address 10.78.0.100, outside the hosts' subnet 10.77.0.0/24")]
    [InlineData("10.77.0.255", "VIP 'www' has address 10.77.0.255, the broadcast address of 10.77.0.0/24, which no host may have")]
    [InlineData("10.77.0.11", "VIP 'www' has address 10.77.0.11, which is server 'lb-01''s own (test.yaml:9:3)")]
    [InlineData("10.77.0.254", "VIP 'www' has address 10.77.0.254, the operator's address in 10.77.0.0/24")]
    public void A_vip_address_no_balancer_can_take_is_refused_at_the_address(string address, string message)
    {
        var error = Assert.Single(TopologyText.Errors(TopologyText.With(Pair, "address: 10.77.0.100", $"address: {address}")));

        Assert.Equal(message, error.Message.Replace(TopologyText.FileName, "test.yaml", StringComparison.Ordinal));
        Assert.Equal((6, 14), (error.Location.Line, error.Location.Column));
    }

    [Fact]
    public void One_balancer_is_a_single_point_of_failure_still()
    {
        var error = Assert.Single(TopologyText.Errors(TopologyText.With(Pair, "{ lb-01/balancer: 150, lb-02/balancer: 100 }", "{ lb-01/balancer: 150 }")));

        Assert.Equal("VIP 'www' names one balancer (lb-01/balancer): a VIP moves between two or more balancers, so one is a single point of failure still", error.Message);
        Assert.Equal(5, error.Location.Line);
    }

    [Fact]
    public void A_priority_tie_is_refused_at_the_second_balancer()
    {
        var error = Assert.Single(TopologyText.Errors(TopologyText.With(Pair, "lb-02/balancer: 100", "lb-02/balancer: 150")));

        Assert.Equal("VIP 'www' gives lb-01/balancer and lb-02/balancer the same VRRP priority 150: which holds the VIP would be decided by their addresses, not by the topology", error.Message);
        Assert.Equal((7, 39), (error.Location.Line, error.Location.Column));
    }

    [Theory]
    [InlineData("lb-03/balancer: 100", "VIP 'www' names lb-03/balancer, which is not a component of this topology")]
    [InlineData("server-1/web: 100", "VIP 'www' names server-1/web, which is a web, not a balancer")]
    public void A_member_that_is_no_balancer_is_refused(string member, string message)
    {
        var errors = TopologyText.Errors(TopologyText.With(Pair, "lb-02/balancer: 100", member));

        Assert.Contains(errors, e => e.Message == message && e.Hint == "the balancers: lb-01/balancer, lb-02/balancer");
    }

    [Theory]
    [InlineData("lb-02/balancer: 255")]
    [InlineData("lb-02/balancer: high")]
    public void A_priority_out_of_range_is_refused(string member)
    {
        var error = Assert.Single(TopologyText.Errors(TopologyText.With(Pair, "lb-02/balancer: 100", member)));

        Assert.Equal("the VRRP priority of lb-02/balancer in VIP 'www' must be a whole number from 1 to 254", error.Message);
    }

    [Fact]
    public void Balancers_on_other_ports_are_refused()
    {
        var yaml = TopologyText.With(Pair, "      balancer: { port: 8080, backend: web }\n  server-1", "      balancer: { port: 9080, backend: web }\n  server-1");

        var errors = TopologyText.Errors(yaml);

        Assert.Contains(errors, e => e.Message == "lb-02/balancer listens on port 9080 and lb-01/balancer on 8080: the VIP 'www' would serve the site on other ports after a takeover");
    }

    [Fact]
    public void Two_vips_with_one_address_or_one_router_id_are_refused()
    {
        var second = "\n  api:\n    address: 10.77.0.100\n    vrid: 1\n    balancers: { lb-01/balancer: 100, lb-02/balancer: 150 }\nservers:";
        var errors = TopologyText.Errors(TopologyText.With(Pair, "\nservers:", second));

        Assert.Equal(["VIP 'api' has address 10.77.0.100, which VIP 'www' already has (test.yaml:5:3)", "VIP 'api' has VRRP router id 1, which VIP 'www' already has (test.yaml:5:3)"],
            errors.Select(e => e.Message.Replace(TopologyText.FileName, "test.yaml", StringComparison.Ordinal)));
    }

    [Fact]
    public void Vrrp_is_not_a_component_a_server_declares()
    {
        var error = Assert.Single(TopologyText.Errors(TopologyText.With(Pair, "      app: { port: 8082 }\n", "      app: { port: 8082 }\n      vrrp: { port: 1 }\n")));

        Assert.StartsWith("unknown key 'vrrp' in the components of server 'server-1'", error.Message, StringComparison.Ordinal);
    }
}
