using System.Net;

namespace WebInfra.Topology.Tests.Loading;

public sealed class FirewallLoadingTests
{
    [Fact]
    public void Without_a_firewall_section_the_firewall_is_off_and_operators_are_this_machine()
    {
        var topology = TopologyText.Load(TopologyText.Distributed);

        Assert.False(topology.Firewall.Enabled);
        Assert.Equal([IPNetwork.Parse("127.0.0.1/32")], topology.Firewall.Operators);
        Assert.Equal(22, topology.Firewall.SshPort);
    }

    [Fact]
    public void Firewall_section_turns_it_on_with_operators_ranges_and_ssh_port()
    {
        var topology = TopologyText.Load(TopologyText.Distributed + "\nfirewall: { operators: [10.1.0.0/16, 10.2.0.7], ssh: 2222 }\n");

        Assert.True(topology.Firewall.Enabled);
        Assert.Equal([IPNetwork.Parse("10.1.0.0/16"), IPNetwork.Parse("10.2.0.7/32")], topology.Firewall.Operators);
        Assert.Equal(2222, topology.Firewall.SshPort);
    }

    [Fact]
    public void Ssh_false_keeps_no_ssh_port()
    {
        var topology = TopologyText.Load(TopologyText.Distributed + "\nfirewall: { enabled: true, ssh: false }\n");

        Assert.Null(topology.Firewall.SshPort);
    }

    [Fact]
    public void Server_rules_are_read_with_a_single_source_or_a_list()
    {
        var topology = TopologyText.Load(TopologyText.DistributedWith(
            "    address: 127.0.1.1\n", "    address: 127.0.1.1\n    firewall:\n      - { port: 9100, from: operators }\n      - { port: 5000, from: [lb-01, 10.9.0.0/24] }\n"));

        var rules = topology.FindServer("server-1")!.FirewallRules;

        Assert.Equal([9100, 5000], rules.Select(r => r.Port));
        Assert.Equal(["operators"], rules[0].Sources);
        Assert.Equal(["lb-01", "10.9.0.0/24"], rules[1].Sources);
        Assert.Equal(13, rules[0].Location.Line);
    }

    [Theory]
    [InlineData("firewall: { operators: [everyone] }", "firewall.operators lists 'everyone', which is not an address or a range such as 10.0.0.0/24")]
    [InlineData("firewall: { operators: [10.0.0.0/33] }", "firewall.operators lists '10.0.0.0/33', which is not an address or a range such as 10.0.0.0/24")]
    [InlineData("firewall: { operators: [] }", "firewall.operators is empty, so no one could reach the admin listeners, the dashboard or the database")]
    [InlineData("firewall: { ssh: yes }", "'ssh' in firewall must be a whole number from 1 to 65535, not 'yes'")]
    [InlineData("firewall: { enable: true }", "unknown key 'enable' in firewall")]
    public void Bad_firewall_setting_is_rejected_saying_what_is_wrong(string line, string message)
    {
        var errors = TopologyText.Errors(TopologyText.Distributed + $"\n{line}\n");

        Assert.Equal(message, errors[0].Message);
    }

    [Theory]
    [InlineData("- { port: 9100, from: server-9 }", "the firewall of server 'server-1' opens port 9100 from 'server-9', which is not any, operators, a server, a tier (balancer, web, app, db, monitor), a component such as server-1/app, an address or a range such as 10.0.0.0/24")]
    [InlineData("- { port: 70000, from: any }", "'port' in a firewall rule of server 'server-1' must be a whole number from 1 to 65535, not '70000'")]
    [InlineData("- { port: 9100 }", "a firewall rule of server 'server-1' is missing the required key 'from'")]
    [InlineData("- 9100", "a firewall rule of server 'server-1' must be a mapping of keys to values")]
    public void Bad_server_rule_is_rejected_at_its_line(string rule, string message)
    {
        var errors = TopologyText.Errors(TopologyText.DistributedWith(
            "    address: 127.0.1.1\n", $"    address: 127.0.1.1\n    firewall:\n      {rule}\n"));

        Assert.Equal(message, errors[0].Message);
        Assert.Equal(13, errors[0].Location.Line);
    }

    [Fact]
    public void Misspelt_source_gets_a_suggestion()
    {
        var errors = TopologyText.Errors(TopologyText.DistributedWith(
            "    address: 127.0.1.1\n", "    address: 127.0.1.1\n    firewall:\n      - { port: 9100, from: operator }\n"));

        Assert.Equal("did you mean 'operators'?", errors[0].Hint);
    }
}
