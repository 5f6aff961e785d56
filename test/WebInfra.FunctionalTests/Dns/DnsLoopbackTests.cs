using WebInfra.FunctionalTests.Infrastructure;

namespace WebInfra.FunctionalTests.Dns;

/// <summary>
/// The site's DNS server on a loopback site (127.0.32.x): Knot DNS answers the zone on its address and port, is a
/// component like any other in <c>status</c>, and is gone after <c>down</c>. <c>dns export</c> prints the same zone.
/// </summary>
public sealed class DnsLoopbackTests
{
    private const string NameServer = "127.0.32.53";

    private const string Topology = """
        site:
          name: www.foobar.com
          files: {site}
        servers:
          server-1:
            address: 127.0.32.1
            components:
              web: { port: 18081, backend: app }
              app: { port: 18082 }
              db: { port: 13306, role: primary }
          ns-01:
            address: 127.0.32.53
            components:
              dns: { port: 5353 }
        backends:
          app:
            members: [server-1/app]
        dns:
          zone: foobar.com
          records:
            www: [server-1]
            mail: [127.0.32.25, 127.0.32.26]
        """;

    [Fact]
    public async Task Knot_answers_the_sites_names_is_listed_by_status_and_is_gone_after_down()
    {
        var site = await TestSite.StartAsync(Topology);
        int pid;
        int knotd;
        try
        {
            var www = await DigAsync("www.foobar.com");
            var mail = await DigAsync("mail.foobar.com");
            var overTcp = await DigAsync("+tcp", "SOA", "foobar.com");
            using var status = await site.StatusAsync();
            var dns = status.RootElement.GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("name").GetString() == "ns-01/dns");
            pid = dns.GetProperty("pid").GetInt32();

            Assert.Equal("127.0.32.1", www);
            Assert.Equal(["127.0.32.25", "127.0.32.26"], mail.Split('\n').Order());
            Assert.StartsWith("ns1.foobar.com. hostmaster.foobar.com. ", overTcp, StringComparison.Ordinal);
            Assert.Equal(("up", "dns", "127.0.32.53:5353"), (dns.GetProperty("state").GetString(), dns.GetProperty("role").GetString(), dns.GetProperty("address").GetString()));
            // The component is WebInfra's agent, which runs knotd as its child and checks the entry points it answers with.
            knotd = KnotdChildOf(pid);
        }
        finally
        {
            await site.DisposeAsync();
        }

        Assert.False(ProcessState.IsRunning(pid), $"the dns component (pid {pid}) still runs after down");
        Assert.False(ProcessState.IsRunning(knotd), $"knotd (pid {knotd}) still runs after down");
        var after = await Infrastructure.Cli.RunProgramAsync("dig", "+short", "+tries=1", "+time=1", $"@{NameServer}", "-p", "5353", "www.foobar.com");
        Assert.Contains("connection refused", after.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dns_export_prints_the_zone_and_without_a_dns_section_exits_2_saying_so()
    {
        var directory = Directory.CreateTempSubdirectory("webinfra-dns-export-").FullName;
        try
        {
            var topology = Path.Combine(directory, "topology.yaml");
            var plain = Path.Combine(directory, "plain.yaml");
            await File.WriteAllTextAsync(topology, Topology.Replace("{site}", Repository.SiteFiles, StringComparison.Ordinal));
            await File.WriteAllTextAsync(plain, Topology[..Topology.IndexOf("dns:\n  zone", StringComparison.Ordinal)]
                .Replace("{site}", Repository.SiteFiles, StringComparison.Ordinal)
                .Replace("  ns-01:\n    address: 127.0.32.53\n    components:\n      dns: { port: 5353 }\n", string.Empty, StringComparison.Ordinal));

            var export = await Infrastructure.Cli.RunAsync("dns", "export", topology);
            var none = await Infrastructure.Cli.RunAsync("dns", "export", plain);

            Assert.True(export.ExitCode == 0, export.ToString());
            Assert.Contains("$ORIGIN foobar.com.\n", export.Output, StringComparison.Ordinal);
            Assert.Contains("www\tIN\tA\t127.0.32.1\n", export.Output, StringComparison.Ordinal);
            Assert.Equal(2, none.ExitCode);
            Assert.Contains("has no dns section, so the site has no zone to export", none.Error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The knotd process among the children of <paramref name="pid"/> (of any of its threads: the one that started it).</summary>
    private static int KnotdChildOf(int pid) =>
        Directory.EnumerateDirectories($"/proc/{pid}/task")
            .SelectMany(task => File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(int.Parse)
            .Single(child => File.ReadAllText($"/proc/{child}/comm").Trim() == "knotd");

    /// <summary>What <c>dig +short</c> answers for the query <paramref name="query"/> at the site's DNS server.</summary>
    private static async Task<string> DigAsync(params string[] query)
    {
        var result = await Infrastructure.Cli.RunProgramAsync("dig", ["+short", $"@{NameServer}", "-p", "5353", .. query]);
        return result.Output.Trim();
    }
}
