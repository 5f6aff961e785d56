using System.Net;
using WebInfra.Topology.Model;

namespace WebInfra.Topology.Tests.Loading;

public sealed class HostsLoadingTests
{
    /// <summary>The distributed topology with every server on 10.77.3.0/24 and <c>hosts: namespaces</c> on line 5.</summary>
    private static readonly string s_namespacesWithoutSubnet = TopologyText.DistributedWith("  route_header: true\n", "  route_header: true\nhosts: namespaces\n")
        .Replace("address: 127.0.1.", "address: 10.77.3.", StringComparison.Ordinal);

    [Fact]
    public void Without_hosts_every_server_is_a_loopback_address_with_no_subnet_and_no_operator()
    {
        var topology = TopologyText.Load(TopologyText.Distributed);

        Assert.Equal(HostKind.Loopback, topology.Hosts);
        Assert.Null(topology.HostsLocation);
        Assert.Equal(NetworkSettings.Default, topology.Network);
        Assert.Null(topology.HostsSubnet);
        Assert.Null(topology.OperatorAddress);
        Assert.Equal(new SourceLocation(TopologyText.FileName, 7, 14), topology.FindServer("lb-01")!.AddressLocation);
    }

    [Fact]
    public void Hosts_loopback_is_the_default_written_out()
    {
        var topology = TopologyText.Load(TopologyText.Distributed + "\nhosts: loopback\n");

        Assert.Equal(HostKind.Loopback, topology.Hosts);
        Assert.Null(topology.HostsSubnet);
    }

    [Fact]
    public void Namespaces_with_stated_addresses_take_the_first_servers_24_as_subnet()
    {
        var topology = TopologyText.Load(s_namespacesWithoutSubnet);

        Assert.Equal(HostKind.Namespaces, topology.Hosts);
        Assert.Equal(new SourceLocation(TopologyText.FileName, 5, 1), topology.HostsLocation);
        Assert.Null(topology.Network.Subnet);
        Assert.Equal(IPNetwork.Parse("10.77.3.0/24"), topology.HostsSubnet);
        Assert.Equal(IPAddress.Parse("10.77.3.254"), topology.OperatorAddress);
        Assert.Equal(["10.77.3.10", "10.77.3.1", "10.77.3.2"], topology.Servers.Select(s => s.Address.ToString()));
    }

    [Fact]
    public void Subnet_gives_servers_without_an_address_the_next_free_host_address_in_file_order()
    {
        var topology = TopologyText.Load(TopologyText.Namespaces);

        Assert.Equal(IPNetwork.Parse("10.77.0.0/24"), topology.Network.Subnet);
        Assert.Equal(new SourceLocation(TopologyText.FileName, 5, 1), topology.Network.Location);
        Assert.Equal(topology.Network.Subnet, topology.HostsSubnet);
        Assert.Equal(["10.77.0.1", "10.77.0.2", "10.77.0.3"], topology.Servers.Select(s => s.Address.ToString()));
        Assert.Equal(["10.77.0.3:8081", "10.77.0.3:8082", "10.77.0.3:3306"], topology.FindServer("server-2")!.Components.Select(c => c.Authority));
        Assert.Null(topology.FindServer("lb-01")!.AddressLocation);
        Assert.Equal(new SourceLocation(TopologyText.FileName, 12, 14), topology.FindServer("server-1")!.AddressLocation);
    }

    [Fact]
    public void An_address_stated_further_down_is_not_assigned_to_a_server_above()
    {
        var yaml = TopologyText.With(TopologyText.Namespaces, "    address: 10.77.0.2\n", string.Empty)
            .Replace("  server-2:\n", "  server-2:\n    address: 10.77.0.1\n", StringComparison.Ordinal);

        var topology = TopologyText.Load(yaml);

        Assert.Equal(["10.77.0.2", "10.77.0.3", "10.77.0.1"], topology.Servers.Select(s => s.Address.ToString()));
    }

    [Fact]
    public void The_operator_address_is_never_assigned_to_a_server()
    {
        // A /29 has six host addresses; the last is the operator's, so five servers fit and the sixth does not.
        var servers = string.Concat(Enumerable.Range(1, 6).Select(i => $"  s{i}:\n    components:\n      app: {{ port: 8082 }}\n"));
        var yaml = $"site:\n  name: www.foobar.com\n  files: .\nhosts: namespaces\nnetwork:\n  subnet: 10.77.0.8/29\nservers:\n{servers}";

        var error = Assert.Single(TopologyText.Errors(yaml));

        Assert.Equal("server 's6' has no address, and network.subnet 10.77.0.8/29 has no free host address left to give it", error.Message);
        Assert.Equal("take a larger network.subnet (a shorter prefix), or give the server an address", error.Hint);
        Assert.Equal((23, 3), (error.Location.Line, error.Location.Column));
    }

    [Theory]
    [InlineData("10.77.0.0/24", "10.77.0.254")]
    [InlineData("10.77.0.16/28", "10.77.0.30")]
    [InlineData("10.77.0.0/16", "10.77.255.254")]
    public void The_operator_has_the_last_host_address_of_the_subnet(string subnet, string operatorAddress)
    {
        var yaml = TopologyText.With(TopologyText.Namespaces, "subnet: 10.77.0.0/24", $"subnet: {subnet}")
            .Replace("    address: 10.77.0.2\n", string.Empty, StringComparison.Ordinal);

        var topology = TopologyText.Load(yaml);

        Assert.Equal(IPAddress.Parse(operatorAddress), topology.OperatorAddress);
        Assert.DoesNotContain(topology.Servers, s => s.Address.Equals(topology.OperatorAddress));
    }

    [Fact]
    public void Without_a_subnet_a_server_still_needs_an_address_in_namespaces_mode()
    {
        var yaml = TopologyText.With(TopologyText.Namespaces, "network:\n  subnet: 10.77.0.0/24\n", string.Empty);

        var errors = TopologyText.Errors(yaml);

        Assert.Equal(["server 'lb-01' is missing the required key 'address'", "server 'server-2' is missing the required key 'address'"], errors.Select(e => e.Message));
    }

    [Fact]
    public void In_loopback_mode_a_subnet_assigns_nothing()
    {
        var yaml = TopologyText.With(TopologyText.Namespaces, "hosts: namespaces\n", string.Empty);

        var errors = TopologyText.Errors(yaml);

        Assert.Equal(["server 'lb-01' is missing the required key 'address'", "server 'server-2' is missing the required key 'address'"], errors.Select(e => e.Message));
    }

    [Theory]
    [InlineData("namspaces", "did you mean 'namespaces'?")]
    [InlineData("docker", null)]
    public void Unknown_hosts_value_is_rejected_naming_the_allowed_ones(string value, string? hint)
    {
        var error = Assert.Single(TopologyText.Errors(TopologyText.Distributed + $"\nhosts: {value}\n"));

        Assert.Equal($"'hosts' in the topology is '{value}', which is not one of: loopback, namespaces, ssh", error.Message);
        Assert.Equal(hint, error.Hint);
        Assert.Equal((32, 8), (error.Location.Line, error.Location.Column));
    }

    [Theory]
    [InlineData("10.77.0.0", "'subnet' in network must be an IPv4 network written A.B.C.D/N, such as 10.77.0.0/24, not '10.77.0.0'")]
    [InlineData("10.77.0/24", "'subnet' in network must be an IPv4 network written A.B.C.D/N, such as 10.77.0.0/24, not '10.77.0/24'")]
    [InlineData("10.77.0.0/33", "'subnet' in network must be an IPv4 network written A.B.C.D/N, such as 10.77.0.0/24, not '10.77.0.0/33'")]
    [InlineData("[10.77.0.0/24]", "'subnet' in network must be an IPv4 network written A.B.C.D/N, such as 10.77.0.0/24, not 'sequence'")]
    [InlineData("fd00::/64", "'subnet' in network is 'fd00::/64', an IPv6 network; it must be IPv4, such as 10.77.0.0/24")]
    [InlineData("10.0.0.0/8", "'subnet' in network is '10.0.0.0/8', whose prefix length is not from 16 to 29")]
    [InlineData("10.77.0.0/30", "'subnet' in network is '10.77.0.0/30', whose prefix length is not from 16 to 29")]
    [InlineData("10.77.0.5/24", "10.77.0.5/24 is not a network address; did you mean 10.77.0.0/24?")]
    [InlineData("127.0.0.0/16", "'subnet' in network is 127.0.0.0/16, inside 127.0.0.0/8, which every network namespace keeps for its own loopback")]
    public void Bad_subnet_is_rejected_where_it_is_written(string subnet, string message)
    {
        var yaml = TopologyText.With(TopologyText.Namespaces, "subnet: 10.77.0.0/24", $"subnet: {subnet}");

        var errors = TopologyText.Errors(yaml);

        // A subnet that was not read assigns nothing, so the two servers without an address are reported too.
        var error = Assert.Single(errors, e => e.Location.Line == 6);
        Assert.Equal(message, error.Message);
        Assert.Equal(11, error.Location.Column);
    }

    [Fact]
    public void Network_without_a_subnet_is_rejected()
    {
        var yaml = TopologyText.With(TopologyText.Namespaces, "network:\n  subnet: 10.77.0.0/24\n", "network: { gateway: 10.77.0.1 }\n");

        var errors = TopologyText.Errors(yaml);

        Assert.Contains(errors, e => e.Message == "unknown key 'gateway' in network" && e.Location.Line == 5 && e.Location.Column == 12);
        Assert.Contains(errors, e => e.Message == "network is missing the required key 'subnet'" && e.Location.Line == 5 && e.Location.Column == 10);
    }
}
