using System.Net;

namespace WebInfra.Topology.Tests.Loading;

public sealed class DnsLoadingTests
{
    [Fact]
    public void Without_a_dns_section_the_site_has_no_zone()
    {
        var topology = TopologyText.Load(TopologyText.Distributed);

        Assert.Null(topology.Dns);
        Assert.Empty(topology.NameServers);
    }

    [Fact]
    public void Dns_section_is_read_with_one_record_a_value_and_the_default_ttl()
    {
        var topology = TopologyText.Load(TopologyText.WithDns);
        var dns = topology.Dns!;

        Assert.Equal("foobar.com", dns.Zone);
        Assert.Equal(TimeSpan.FromSeconds(30), dns.Ttl);
        Assert.Equal([("www", "lb-01"), ("api", "server-1/app"), ("static", "127.0.1.1"), ("static", "127.0.1.2")], dns.Records.Select(r => (r.Name, r.Value)));
        Assert.Equal((39, 5), (dns.Records[0].NameLocation.Line, dns.Records[0].NameLocation.Column));
        Assert.Equal((39, 11), (dns.Records[0].ValueLocation.Line, dns.Records[0].ValueLocation.Column));
        Assert.Equal(["ns-01/dns"], topology.NameServers.Select(c => c.Name));
    }

    [Fact]
    public void Zone_is_kept_in_lower_case_without_its_final_dot_and_ttl_as_written()
    {
        var dns = TopologyText.Load(TopologyText.With(TopologyText.WithDns, "  zone: foobar.com\n", "  zone: FooBar.COM.\n  ttl: 5m\n")).Dns!;

        Assert.Equal("foobar.com", dns.Zone);
        Assert.Equal(TimeSpan.FromMinutes(5), dns.Ttl);
    }

    [Fact]
    public void Record_values_resolve_to_the_address_of_the_server_or_component_named_or_to_themselves()
    {
        var topology = TopologyText.Load(TopologyText.WithDns);

        Assert.Equal(
            [[IPAddress.Parse("127.0.1.10")], [IPAddress.Parse("127.0.1.1")], [IPAddress.Parse("127.0.1.1")], [IPAddress.Parse("127.0.1.2")]],
            topology.Dns!.Records.Select(r => r.Resolve(topology)));
    }

    [Theory]
    [InlineData("  ttl: 0s\n", "'ttl' in dns must be a duration from 1s to 24h, not '0s'")]
    [InlineData("  ttl: 2d\n", "'ttl' in dns must be a duration from 1s to 24h, not '2d'")]
    [InlineData("  ttl: 1500ms\n", "'ttl' in dns is 1500ms, but a record's TTL is whole seconds")]
    [InlineData("  serial: 1\n", "unknown key 'serial' in dns")]
    public void Bad_dns_setting_is_rejected_saying_what_is_wrong(string line, string message)
    {
        var error = Assert.Single(TopologyText.Errors(TopologyText.With(TopologyText.WithDns, "  zone: foobar.com\n", "  zone: foobar.com\n" + line)));

        Assert.Equal(message, error.Message);
        Assert.Equal(38, error.Location.Line);
    }

    [Fact]
    public void Dns_section_without_a_zone_is_reported_once()
    {
        var error = Assert.Single(TopologyText.Errors(TopologyText.With(TopologyText.WithDns, "  zone: foobar.com\n", string.Empty)));

        Assert.Equal("dns is missing the required key 'zone'", error.Message);
    }

    [Theory]
    [InlineData("  records: [www]\n", 38, "dns.records must map each name to its addresses, such as www: [lb-01]")]
    [InlineData("  records:\n    www: []\n", 39, "dns record 'www' lists nothing to point at")]
    [InlineData("  records:\n    www: [{ a: b }]\n", 39, "dns record 'www' must list addresses, server names or component names, such as [lb-01] or [10.77.0.10]")]
    public void Records_of_another_shape_are_rejected_where_they_are_written(string records, int line, string message)
    {
        var yaml = TopologyText.With(TopologyText.WithDns, "  records:\n    www: [lb-01]\n    api: server-1/app\n    static: [127.0.1.1, 127.0.1.2]\n", records);

        var error = Assert.Single(TopologyText.Errors(yaml));

        Assert.Equal(message, error.Message);
        Assert.Equal(line, error.Location.Line);
    }
}
