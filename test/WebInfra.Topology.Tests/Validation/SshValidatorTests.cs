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
    public void Components_whose_hosts_the_cli_cannot_prepare_over_ssh_yet_are_each_rejected_before_anything_is_installed()
    {
        var errors = TopologyText.Errors(TopologyText.DistributedWith("  route_header: true\n", "  route_header: true\nhosts: ssh\n"));

        Assert.Equal(["server-1/db", "server-2/db"], errors.Select(e => e.Message.Split('\'')[1]));
        var database = errors.Single(e => e.Message.StartsWith("'server-1/db'", StringComparison.Ordinal));
        Assert.Equal("'server-1/db' is a db component, which 'hosts: ssh' does not run yet: over SSH WebInfra installs and runs balancer, web, app components", database.Message);
        Assert.Equal("run this site with 'hosts: namespaces' (or on loopback), or leave the db out of the SSH topology", database.Hint);
    }
}
