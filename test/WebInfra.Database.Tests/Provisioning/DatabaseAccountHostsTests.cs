using System.Net;
using WebInfra.Database.Provisioning;
using WebInfra.Topology.Loading;

namespace WebInfra.Database.Tests.Provisioning;

public sealed class DatabaseAccountHostsTests
{
    private static Topology.Model.Topology Load(string firewall, string network = "10.0.0") => TopologyLoader.Parse($$"""
        site: { name: www.foobar.com, files: . }
        servers:
          lb-01:
            address: {{network}}.10
            components:
              balancer: { port: 8080, backend: web }
              monitor: { port: 8090 }
          server-1:
            address: {{network}}.1
            components:
              web: { port: 8081, backend: app }
              app: { port: 8082 }
          db-1:
            address: {{network}}.3
            components:
              db: { port: 3306, role: primary }
          db-2:
            address: {{network}}.4
            components:
              db: { port: 3306, role: replica }
        backends:
          web: { members: [server-1/web] }
          app: { members: [server-1/app] }
        {{firewall}}
        """, "site.yaml", AppContext.BaseDirectory);

    [Fact]
    public void With_servers_in_namespaces_the_administrator_is_granted_to_the_monitor_and_the_operator_namespace_and_never_to_loopback()
    {
        var hosts = DatabaseAccountHosts.For(Load("hosts: namespaces\nfirewall: { enabled: true }", network: "10.77.0"));

        Assert.Equal(["10.77.0.10", "10.77.0.254", "localhost"], hosts.Admin);
        Assert.Equal(["10.77.0.1"], hosts.App);
        Assert.DoesNotContain(hosts.Admin.Concat(hosts.App).Concat(hosts.Replication), h => h.StartsWith("127.", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_a_firewall_every_account_is_granted_to_any_host()
    {
        Assert.Equal(DatabaseAccountHosts.Anywhere, DatabaseAccountHosts.For(Load(string.Empty)));
    }

    [Fact]
    public void The_administrator_is_granted_on_the_nodes_own_socket_for_the_tools_on_its_host()
    {
        Assert.Contains(DatabaseAccountHosts.SocketHost, DatabaseAccountHosts.Anywhere.Admin);
        Assert.DoesNotContain(DatabaseAccountHosts.SocketHost, DatabaseAccountHosts.Anywhere.App);
        Assert.DoesNotContain(DatabaseAccountHosts.SocketHost, DatabaseAccountHosts.Anywhere.Replication);
    }

    [Fact]
    public void With_the_firewall_each_account_is_granted_to_the_servers_that_use_it()
    {
        var hosts = DatabaseAccountHosts.For(Load("firewall: { operators: [10.9.0.0/24] }"));

        Assert.Equal(["10.0.0.1"], hosts.App);
        Assert.Equal(["10.0.0.3", "10.0.0.4"], hosts.Replication);
        Assert.Equal(["10.0.0.10", "10.9.0.0/255.255.255.0", "localhost"], hosts.Admin);
    }

    [Fact]
    public void On_loopback_addresses_127_0_0_1_is_granted_too_because_unbound_clients_come_from_it()
    {
        var hosts = DatabaseAccountHosts.For(Load("firewall: { enabled: true }", "127.0.17"));

        Assert.Equal(["127.0.17.1", "127.0.0.1"], hosts.App);
        Assert.Equal(["127.0.17.3", "127.0.17.4", "127.0.0.1"], hosts.Replication);
        Assert.Equal(["127.0.17.10", "127.0.0.1", "localhost"], hosts.Admin);
    }

    [Theory]
    [InlineData("0.0.0.0/0", "%")]
    [InlineData("10.1.2.3/32", "10.1.2.3")]
    [InlineData("10.1.0.0/16", "10.1.0.0/255.255.0.0")]
    [InlineData("10.1.2.0/23", "10.1.2.0/255.255.254.0")]
    [InlineData("2001:db8::1/128", "2001:db8::1")]
    public void Range_becomes_a_mariadb_host_pattern(string range, string pattern)
    {
        Assert.Equal(pattern, DatabaseAccountHosts.Pattern(IPNetwork.Parse(range)));
    }

    [Fact]
    public void Ipv6_range_is_refused_because_mariadb_grants_cannot_express_it()
    {
        Assert.Throws<ArgumentException>(() => DatabaseAccountHosts.Pattern(IPNetwork.Parse("2001:db8::/64")));
    }
}
