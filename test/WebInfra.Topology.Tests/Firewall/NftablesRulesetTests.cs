using WebInfra.Topology.Firewall;

namespace WebInfra.Topology.Tests.Firewall;

public sealed class NftablesRulesetTests
{
    private static string Ruleset(string yaml, string server)
    {
        var topology = TopologyText.Load(yaml);
        return NftablesRuleset.Create(ServerFirewall.For(topology, topology.FindServer(server)!), topology.Site.Name, "site.yaml");
    }

    [Fact]
    public void Ruleset_drops_by_default_and_opens_each_port_to_its_sources()
    {
        var rules = Ruleset(TopologyText.Distributed + "\nfirewall: { operators: [10.0.0.5, 2001:db8::/64] }\n", "server-1");

        Assert.Contains("type filter hook input priority filter; policy drop;", rules, StringComparison.Ordinal);
        Assert.Contains("\t\tct state established,related accept\n", rules, StringComparison.Ordinal);
        Assert.Contains("\t\ttcp dport 8081 ip saddr { 127.0.1.10 } accept comment \"server-1/web from its balancers\"\n", rules, StringComparison.Ordinal);
        Assert.Contains("\t\ttcp dport 22 ip saddr { 10.0.0.5 } accept comment \"ssh from operators\"\n", rules, StringComparison.Ordinal);
        Assert.Contains("\t\ttcp dport 22 ip6 saddr { 2001:db8::/64 } accept comment \"ssh from operators\"\n", rules, StringComparison.Ordinal);
        Assert.DoesNotContain("8080", rules, StringComparison.Ordinal);
    }

    [Fact]
    public void Public_port_of_a_balancer_is_open_to_everyone_without_a_source_match()
    {
        var rules = Ruleset(TopologyText.Distributed + "\nfirewall: {}\n", "lb-01");

        Assert.Contains("\t\ttcp dport 8080 accept comment \"lb-01/balancer: the site, to everyone\"\n", rules, StringComparison.Ordinal);
    }

    [Fact]
    public void Dns_port_is_open_to_everyone_over_udp_and_tcp()
    {
        var rules = Ruleset(TopologyText.WithDns + "\nfirewall: {}\n", "ns-01");

        Assert.Contains("\t\tmeta l4proto { tcp, udp } th dport 5353 accept comment \"ns-01/dns: the site's names, to everyone (UDP and TCP)\"\n", rules, StringComparison.Ordinal);
    }

    [Fact]
    public void Ruleset_replaces_only_its_own_table_and_can_be_loaded_twice()
    {
        var rules = Ruleset(TopologyText.Distributed, "server-2");

        Assert.Contains("table inet webinfra\ndelete table inet webinfra\n\ntable inet webinfra {", rules, StringComparison.Ordinal);
        Assert.DoesNotContain("flush ruleset", rules, StringComparison.Ordinal);
    }
}
