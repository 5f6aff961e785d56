using System.Diagnostics;
using WebInfra.Topology.Dns;
using WebInfra.Topology.Loading;

namespace WebInfra.Topology.Tests.Dns;

public sealed class ZoneFileTests
{
    private const uint Serial = 1796574466;

    private static readonly Model.Topology s_topology = TopologyText.Load(TopologyText.WithDns);

    [Fact]
    public void Zone_has_the_soa_the_nameserver_with_its_glue_and_one_record_an_address()
    {
        var zone = ZoneFile.Create(s_topology, Serial);

        var records = zone.Split('\n').Where(l => l.Length > 0 && !l.StartsWith(';')).ToList();
        Assert.Equal(
        [
            "$ORIGIN foobar.com.",
            "$TTL 30",
            "@\tIN\tSOA\tns1 hostmaster 1796574466 86400 7200 3600000 30",
            "@\tIN\tNS\tns1",
            "ns1\tIN\tA\t127.0.1.53",
            "www\tIN\tA\t127.0.1.10",
            "api\tIN\tA\t127.0.1.1",
            "static\tIN\tA\t127.0.1.1",
            "static\tIN\tA\t127.0.1.2",
        ], records);
    }

    [Fact]
    public void Two_dns_components_are_ns1_and_ns2_each_with_its_glue_and_an_ipv6_value_is_an_aaaa_record()
    {
        var yaml = TopologyText.With(TopologyText.WithDns, "  ns-01:\n", "  ns-02:\n    address: 127.0.1.54\n    components:\n      dns: { port: 5353 }\n  ns-01:\n");
        var topology = TopologyText.Load(TopologyText.With(yaml, "    www: [lb-01]\n", "    www: [lb-01, \"fd00::10\", lb-01/balancer]\n"));

        var zone = ZoneFile.Create(topology, Serial);

        Assert.Contains("@\tIN\tNS\tns1\n@\tIN\tNS\tns2\nns1\tIN\tA\t127.0.1.54\nns2\tIN\tA\t127.0.1.53\n", zone, StringComparison.Ordinal);
        Assert.Contains("www\tIN\tA\t127.0.1.10\nwww\tIN\tAAAA\tfd00::10\napi", zone, StringComparison.Ordinal);
    }

    [Fact]
    public void Ttl_is_the_topologys_in_seconds_and_the_negative_answers_ttl()
    {
        var topology = TopologyText.Load(TopologyText.With(TopologyText.WithDns, "  zone: foobar.com\n", "  zone: foobar.com\n  ttl: 5m\n"));

        var zone = ZoneFile.Create(topology, Serial);

        Assert.Contains("$TTL 300\n@\tIN\tSOA\tns1 hostmaster 1796574466 86400 7200 3600000 300\n", zone, StringComparison.Ordinal);
    }

    [Fact]
    public void Serial_is_the_seconds_since_1970_of_the_last_change_and_grows_with_it()
    {
        var changed = new DateTime(2026, 12, 6, 16, 27, 46, DateTimeKind.Utc);

        Assert.Equal(Serial, ZoneFile.SerialOf(changed));
        Assert.True(ZoneFile.SerialOf(changed.AddSeconds(1)) > ZoneFile.SerialOf(changed));
    }

    [Fact]
    public void Serial_of_a_topology_file_is_its_last_write_time()
    {
        var directory = Directory.CreateTempSubdirectory("webinfra-zone-").FullName;
        try
        {
            var file = Path.Combine(directory, "site.yaml");
            File.WriteAllText(file, TopologyText.WithDns);
            File.SetLastWriteTimeUtc(file, new DateTime(2026, 12, 6, 16, 27, 46, DateTimeKind.Utc));

            var zone = ZoneFile.Create(TopologyLoader.Load(file));

            Assert.Contains($"hostmaster {Serial} ", zone, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void A_topology_without_dns_has_no_zone()
    {
        Assert.Throws<ArgumentException>(() => ZoneFile.Create(TopologyText.Load(TopologyText.Distributed), Serial));
    }

    [Fact]
    public async Task Named_checkzone_accepts_the_zone()
    {
        var yaml = TopologyText.With(TopologyText.WithDns, "    www: [lb-01]\n", "    www: [lb-01, \"fd00::10\"]\n    \"@\": [lb-01]\n    api.eu: [server-2]\n");
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, ZoneFile.Create(TopologyText.Load(yaml), Serial));

            var (exitCode, output) = await RunAsync("named-checkzone", "-k", "fail", "-n", "fail", "foobar.com", file);

            Assert.True(exitCode == 0, output);
            Assert.Contains($"loaded serial {Serial}", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Runs an outside checker; its exit code and everything it printed.</summary>
    internal static async Task<(int ExitCode, string Output)> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }
}
