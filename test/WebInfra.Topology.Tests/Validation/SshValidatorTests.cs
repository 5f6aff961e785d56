namespace WebInfra.Topology.Tests.Validation;

public sealed class SshValidatorTests
{
    [Fact]
    public void An_ssh_section_without_hosts_ssh_is_rejected_where_it_is_written()
    {
        var error = Assert.Single(TopologyText.Errors(TopologyText.Distributed + "\nssh: { user: deploy }\n"));

        Assert.Equal("ssh applies to 'hosts: ssh' only", error.Message);
        Assert.Equal("add 'hosts: ssh' to reach every server over SSH, or remove ssh", error.Hint);
        Assert.Equal((32, 1), (error.Location.Line, error.Location.Column));
    }

    [Fact]
    public void A_servers_ssh_target_without_hosts_ssh_is_rejected_at_the_target()
    {
        var error = Assert.Single(TopologyText.Errors(TopologyText.DistributedWith("    address: 127.0.1.10\n", "    address: 127.0.1.10\n    ssh: deploy@lb-01\n")));

        Assert.Equal("server 'lb-01' has an ssh target, which applies to 'hosts: ssh' only", error.Message);
        Assert.Equal((8, 10), (error.Location.Line, error.Location.Column));
    }

    [Fact]
    public void A_name_server_runs_on_ssh_hosts()
    {
        var topology = TopologyText.Load(TopologyText.With(TopologyText.WithDns, "  route_header: true\n", "  route_header: true\nhosts: ssh\n"));

        Assert.Equal(["ns-01/dns"], topology.NameServers.Select(n => n.Name));
    }

    [Fact]
    public void Database_nodes_a_monitor_and_etcd_members_run_on_ssh_hosts()
    {
        var monitored = TopologyText.DistributedWith("      balancer: { port: 8080, backend: web }\n", "      balancer: { port: 8080, backend: web }\n      monitor: { port: 8090 }\n      etcd: { port: 2379 }\n");
        var topology = TopologyText.Load(TopologyText.With(monitored, "  route_header: true\n", "  route_header: true\nhosts: ssh\n"));

        Assert.Equal((2, "lb-01/monitor", 1), (topology.DatabaseNodes.Count(), topology.Monitor?.Name, topology.EtcdMembers.Count()));
    }

    /// <summary>The SSH topology with the firewall on (line 5) and its operator named, every host on port 22.</summary>
    private static readonly string s_firewalled = TopologyText.With(TopologyText.Ssh, "ssh: { user: deploy, port: 2222 }", "firewall: { enabled: true, operators: [203.0.113.50] }");

    [Fact]
    public void A_firewall_that_keeps_ssh_open_to_named_operators_is_accepted() =>
        Assert.Equal(WebInfra.Topology.Model.HostKind.Ssh, TopologyText.Load(s_firewalled).Hosts);

    [Fact]
    public void A_firewall_on_real_hosts_without_operators_is_rejected_since_it_would_shut_webinfra_out()
    {
        var error = Assert.Single(TopologyText.Errors(TopologyText.With(s_firewalled, ", operators: [203.0.113.50]", "")));

        Assert.StartsWith("the firewall keeps SSH and the admin ports open to the operators only, and none is named", error.Message, StringComparison.Ordinal);
        Assert.Equal((5, 11), (error.Location.Line, error.Location.Column));
    }

    [Fact]
    public void A_firewall_that_closes_ssh_is_rejected() =>
        Assert.Equal("'ssh: false' in firewall closes SSH, and under 'hosts: ssh' every host is reached over SSH",
            Assert.Single(TopologyText.Errors(TopologyText.With(s_firewalled, "operators: [203.0.113.50] }", "operators: [203.0.113.50], ssh: false }"))).Message);

    [Fact]
    public void A_host_reached_on_another_port_than_its_firewall_opens_is_rejected_at_its_target()
    {
        var error = Assert.Single(TopologyText.Errors(TopologyText.With(s_firewalled, "ssh: admin@web-1.example.com", "ssh: admin@web-1.example.com:2222")));

        Assert.Equal("server 'web-1' is reached over SSH on port 2222, and its firewall keeps port 22 open for SSH", error.Message);
        Assert.Equal("set firewall: { ssh: 2222 }, or reach the server on port 22", error.Hint);
        Assert.Equal((12, 10), (error.Location.Line, error.Location.Column));
    }
}
