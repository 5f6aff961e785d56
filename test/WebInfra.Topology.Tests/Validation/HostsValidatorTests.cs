namespace WebInfra.Topology.Tests.Validation;

public sealed class HostsValidatorTests
{
    private const string SubnetHint = "in namespaces mode every server is a host of its own on the subnet: give it an address in 10.77.0.0/24, or leave it out to have one assigned";

    /// <summary>The namespaces topology with server-1 (its address on line 12, column 14) at <paramref name="address"/>.</summary>
    private static string ServerOneAt(string address) => TopologyText.With(TopologyText.Namespaces, "address: 10.77.0.2", $"address: {address}");

    [Fact]
    public void Network_in_loopback_mode_is_rejected_where_it_is_written()
    {
        var error = Assert.Single(TopologyText.Errors(TopologyText.Distributed + "\nnetwork:\n  subnet: 10.77.0.0/24\n"));

        Assert.Equal("network applies to 'hosts: namespaces' and to an SSH lab ('hosts: ssh' with 'ssh: { lab: true }') only", error.Message);
        Assert.Equal("add 'hosts: namespaces' to make every server a network namespace of its own, or remove network", error.Hint);
        Assert.Equal((32, 1), (error.Location.Line, error.Location.Column));
    }

    [Theory]
    [InlineData("127.0.1.2", "a loopback address, which every namespace keeps for itself")]
    [InlineData("10.78.0.2", "outside the hosts' subnet 10.77.0.0/24")]
    [InlineData("10.77.0.0", "the network address of 10.77.0.0/24, which no host may have")]
    [InlineData("10.77.0.255", "the broadcast address of 10.77.0.0/24, which no host may have")]
    [InlineData("fd00::2", "which is not IPv4; in namespaces mode the servers share an IPv4 subnet")]
    public void Server_address_that_is_no_host_of_the_subnet_is_rejected_at_the_address(string address, string problem)
    {
        var error = Assert.Single(TopologyText.Errors(ServerOneAt(address)));

        Assert.Equal($"server 'server-1' has address {address}, {problem}", error.Message);
        Assert.Equal(SubnetHint, error.Hint);
        Assert.Equal((12, 14), (error.Location.Line, error.Location.Column));
    }

    [Fact]
    public void Server_with_the_operator_address_is_rejected()
    {
        var error = Assert.Single(TopologyText.Errors(ServerOneAt("10.77.0.254")));

        Assert.Equal("10.77.0.254 is the operator's address in 10.77.0.0/24: the CLI reaches the servers from there", error.Message);
        Assert.Equal("give server 'server-1' another address", error.Hint);
        Assert.Equal((12, 14), (error.Location.Line, error.Location.Column));
    }

    [Fact]
    public void Every_bad_address_is_reported()
    {
        var yaml = TopologyText.With(ServerOneAt("127.0.1.2"), "  server-2:\n", "  server-2:\n    address: 10.77.0.254\n");

        var errors = TopologyText.Errors(yaml);

        Assert.Equal([(12, 14), (18, 14)], errors.Select(e => (e.Location.Line, e.Location.Column)));
        Assert.Equal(["server 'server-1' has address 127.0.1.2, a loopback address, which every namespace keeps for itself",
            "10.77.0.254 is the operator's address in 10.77.0.0/24: the CLI reaches the servers from there"], errors.Select(e => e.Message));
    }

    [Fact]
    public void Two_servers_with_one_address_are_reported_once_with_a_hint_for_the_subnet()
    {
        var yaml = TopologyText.With(TopologyText.Namespaces, "  server-2:\n", "  server-2:\n    address: 10.77.0.2\n");

        // The components of both then listen on the same address and ports, which is reported as well.
        var error = Assert.Single(TopologyText.Errors(yaml), e => e.Message.Contains("address 10.77.0.2", StringComparison.Ordinal));

        Assert.Equal("server 'server-2' has address 10.77.0.2, which server 'server-1' already has (site.yaml:11:3)", error.Message);
        Assert.Equal(SubnetHint, error.Hint);
        Assert.Equal((17, 3), (error.Location.Line, error.Location.Column));
    }

    [Fact]
    public void Loopback_addresses_without_a_subnet_are_rejected_with_a_hint_to_set_one()
    {
        var yaml = TopologyText.DistributedWith("  route_header: true\n", "  route_header: true\nhosts: namespaces\n");

        var errors = TopologyText.Errors(yaml);

        Assert.Equal([(8, 14), (12, 14), (18, 14)], errors.Select(e => (e.Location.Line, e.Location.Column)));
        Assert.All(errors, e => Assert.Equal(
            "in namespaces mode every server is a host of its own on the subnet: set network.subnet (e.g. 10.77.0.0/24) and give it an address there, or leave it out to have one assigned",
            e.Hint));
    }

    [Fact]
    public void Without_a_subnet_servers_must_share_the_first_servers_24()
    {
        var yaml = TopologyText.DistributedWith("  route_header: true\n", "  route_header: true\nhosts: namespaces\n")
            .Replace("address: 127.0.1.1\n", "address: 10.77.3.1\n", StringComparison.Ordinal)
            .Replace("address: 127.0.1.2\n", "address: 10.77.4.2\n", StringComparison.Ordinal)
            .Replace("address: 127.0.1.10\n", "address: 10.77.3.10\n", StringComparison.Ordinal);

        var error = Assert.Single(TopologyText.Errors(yaml));

        Assert.Equal("server 'server-2' has address 10.77.4.2, outside the hosts' subnet 10.77.3.0/24", error.Message);
        Assert.Equal("in namespaces mode every server is a host of its own on the subnet: give it an address in 10.77.3.0/24 (the /24 of the first server's address), or set network.subnet and leave it out to have one assigned", error.Hint);
        Assert.Equal((18, 14), (error.Location.Line, error.Location.Column));
    }
}
