namespace WebInfra.Topology.Tests.Validation;

public sealed class DnsValidatorTests
{
    private const string Records = "    www: [lb-01]\n";

    /// <summary>The DNS topology with the www record (line 39) replaced by <paramref name="records"/>.</summary>
    private static string WithRecords(string records) => TopologyText.With(TopologyText.WithDns, Records, records);

    [Fact]
    public void Dns_topology_is_valid()
    {
        var topology = TopologyText.Load(TopologyText.WithDns);

        Assert.NotNull(topology.Dns);
    }

    [Theory]
    [InlineData("foo_bar.com")]
    [InlineData("-foobar.com")]
    [InlineData("foobar..com")]
    [InlineData("foobar.com-")]
    [InlineData("foo bar.com")]
    public void Zone_that_is_no_domain_name_is_rejected_at_the_zone(string zone)
    {
        var error = Assert.Single(TopologyText.Errors(TopologyText.With(TopologyText.WithDns, "zone: foobar.com", $"zone: \"{zone}\"")));

        Assert.Equal($"'zone' in dns is '{zone}', which is not a domain name", error.Message);
        Assert.Equal((37, 9), (error.Location.Line, error.Location.Column));
    }

    [Fact]
    public void Zone_label_longer_than_63_characters_is_rejected()
    {
        var zone = new string('a', 64) + ".com";

        var error = Assert.Single(TopologyText.Errors(TopologyText.With(TopologyText.WithDns, "zone: foobar.com", $"zone: {zone}")));

        Assert.Equal($"'zone' in dns is '{zone}', which is not a domain name", error.Message);
    }

    [Theory]
    [InlineData("w_w")]
    [InlineData("-www")]
    [InlineData("www.")]
    [InlineData("*")]
    public void Record_name_that_is_no_host_name_is_rejected_at_the_name(string name)
    {
        var error = Assert.Single(TopologyText.Errors(WithRecords($"    \"{name}\": [lb-01]\n")));

        Assert.Equal($"dns record '{name}' is not a host name in the zone", error.Message);
        Assert.Equal((39, 5), (error.Location.Line, error.Location.Column));
    }

    [Fact]
    public void Record_at_the_apex_and_in_a_subdomain_are_valid()
    {
        var topology = TopologyText.Load(WithRecords("    \"@\": [lb-01]\n    api.eu: [lb-01]\n"));

        Assert.Equal(["@", "api.eu", "api", "static", "static"], topology.Dns!.Records.Select(r => r.Name));
    }

    [Fact]
    public void Record_named_after_the_nameserver_is_rejected()
    {
        var error = Assert.Single(TopologyText.Errors(WithRecords("    ns1: [lb-01]\n")));

        Assert.Equal("dns record 'ns1' is the name of one of the zone's nameservers, which WebInfra points at its dns component", error.Message);
        Assert.Equal(39, error.Location.Line);
    }

    [Theory]
    [InlineData("lb-02", "did you mean 'lb-01'?")]
    [InlineData("server-1/ap", "did you mean 'server-1/app'?")]
    [InlineData("10.0.0", "allowed here: lb-01, server-1, server-2, ns-01, lb-01/balancer, server-1/web, server-1/app, server-1/db, server-2/web, server-2/app, server-2/db, ns-01/dns")]
    [InlineData("10", "allowed here: lb-01, server-1, server-2, ns-01, lb-01/balancer, server-1/web, server-1/app, server-1/db, server-2/web, server-2/app, server-2/db, ns-01/dns")]
    public void Value_that_is_no_address_and_no_known_name_is_rejected_at_the_value(string value, string hint)
    {
        var error = Assert.Single(TopologyText.Errors(WithRecords($"    www: [127.0.1.10, {value}]\n")));

        Assert.Equal($"dns record 'www' points at '{value}', which is not an address, a server or a component", error.Message);
        Assert.Equal(hint, error.Hint);
        Assert.Equal((39, 23), (error.Location.Line, error.Location.Column));
    }

    [Fact]
    public void Dns_section_without_a_dns_component_is_rejected_at_the_section()
    {
        var yaml = TopologyText.With(TopologyText.WithDns, "      dns: { port: 5353 }\n", "      web: { port: 8081, backend: app }\n");

        var error = Assert.Single(TopologyText.Errors(yaml));

        Assert.Equal("dns describes the zone 'foobar.com', but no server has a dns component to serve it", error.Message);
        Assert.Equal("add 'dns: { port: 53 }' to the components of a server", error.Hint);
        Assert.Equal(37, error.Location.Line);
    }

    [Fact]
    public void Dns_component_without_a_dns_section_is_rejected_at_the_component()
    {
        var yaml = TopologyText.DistributedWith("      app: { port: 8082 }\n      db: { port: 3306, role: primary }\n",
            "      app: { port: 8082 }\n      db: { port: 3306, role: primary }\n      dns: { port: 53 }\n");

        var error = Assert.Single(TopologyText.Errors(yaml));

        Assert.Equal("'server-1/dns' would serve the site's zone, but the topology has no dns section", error.Message);
        Assert.Equal((16, 7), (error.Location.Line, error.Location.Column));
    }

    [Fact]
    public void Dns_component_on_another_port_than_53_is_rejected_in_namespaces_mode()
    {
        var yaml = TopologyText.With(TopologyText.Namespaces, "backends:\n", "  ns-01:\n    components:\n      dns: { port: 5353 }\nbackends:\n")
            + "\ndns:\n  zone: foobar.com\n  records:\n    www: [lb-01]\n";

        var error = Assert.Single(TopologyText.Errors(yaml));

        Assert.Equal("'ns-01/dns' listens on port 5353; under 'hosts: namespaces' a dns component listens on port 53", error.Message);
        Assert.Equal("the operator namespace resolves the site's names through it, and /etc/resolv.conf can only reach port 53: write 'dns: { port: 53 }'", error.Hint);
    }

    [Fact]
    public void Dns_component_on_port_53_in_namespaces_mode_is_valid_and_resolves_assigned_addresses()
    {
        var yaml = TopologyText.With(TopologyText.Namespaces, "backends:\n", "  ns-01:\n    components:\n      dns: { port: 53 }\nbackends:\n")
            + "\ndns:\n  zone: foobar.com\n  records:\n    www: [lb-01]\n";

        var topology = TopologyText.Load(yaml);

        Assert.Equal("10.77.0.1", topology.Dns!.Records[0].Resolve(topology)[0].ToString());
        Assert.Equal("10.77.0.4", topology.NameServers.Single().Address.ToString());
    }
}
