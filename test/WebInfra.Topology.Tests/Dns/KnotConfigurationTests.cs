using WebInfra.Topology.Dns;

namespace WebInfra.Topology.Tests.Dns;

public sealed class KnotConfigurationTests
{
    private static readonly Model.Topology s_topology = TopologyText.Load(TopologyText.WithDns);

    private static Model.Component NameServer => s_topology.NameServers.Single();

    [Fact]
    public void Knot_listens_on_the_components_address_and_port_and_keeps_its_files_in_the_components_folder()
    {
        var configuration = KnotConfiguration.Create(NameServer, s_topology.Dns!, "/state/dns/ns-01");

        Assert.Contains("    listen: 127.0.1.53@5353\n", configuration, StringComparison.Ordinal);
        Assert.Contains("    rundir: \"/state/dns/ns-01/run\"\n", configuration, StringComparison.Ordinal);
        Assert.Contains("    storage: \"/state/dns/ns-01/storage\"\n", configuration, StringComparison.Ordinal);
        Assert.Contains("    listen: \"/state/dns/ns-01/run/knot.sock\"\n", configuration, StringComparison.Ordinal);
        Assert.Contains("  - domain: foobar.com\n    file: \"/state/dns/ns-01/foobar.com.zone\"\n", configuration, StringComparison.Ordinal);
        Assert.DoesNotContain("/var/lib/knot", configuration, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Knotc_finds_the_configuration_valid()
    {
        var directory = Directory.CreateTempSubdirectory("webinfra-knot-").FullName;
        try
        {
            var file = KnotConfiguration.ConfigFile(directory);
            await File.WriteAllTextAsync(file, KnotConfiguration.Create(NameServer, s_topology.Dns!, directory));

            var (exitCode, output) = await ZoneFileTests.RunAsync("knotc", "-c", file, "conf-check");

            Assert.True(exitCode == 0, output);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
