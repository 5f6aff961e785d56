using WebInfra.FunctionalTests.Infrastructure;
using WebInfra.Hosts.Namespaces;

namespace WebInfra.FunctionalTests.Dns;

/// <summary>
/// The site's DNS server in namespaces mode (10.82.0.0/24, the firewall on): Knot DNS on port 53 in ns-01's namespace
/// answers www with the balancer's address, the operator namespace resolves through it, so dig and curl reach the site
/// by name from there, and <c>down</c> leaves no knotd, no <c>/etc/netns</c> file and no namespace. Every packet is
/// sent from inside the site's namespaces (<c>webinfra exec</c>), never from this machine's own.
/// </summary>
public sealed class DnsNamespacesTests
{
    private const string Topology = """
        site:
          name: www.foobar.com
          files: {site}
        hosts: namespaces
        network: { subnet: 10.82.0.0/24 }
        servers:
          lb-01:
            address: 10.82.0.10
            components:
              balancer: { port: 18080, backend: web }
          server-1:
            address: 10.82.0.1
            components:
              web: { port: 18081, backend: app }
              app: { port: 18082 }
              db: { port: 13306, role: primary }
          ns-01:
            address: 10.82.0.53
            components:
              dns: { port: 53 }
        backends:
          web:
            members: [server-1/web]
          app:
            members: [server-1/app]
        firewall:
          enabled: true
        dns:
          zone: foobar.com
          records:
            www: [lb-01]
        """;

    [Fact]
    public async Task The_operator_resolves_www_through_the_sites_dns_and_reaches_the_site_by_name_and_down_leaves_nothing()
    {
        var site = await TestSite.StartAsync(Topology);
        var network = new SiteNetwork(site.StateDirectory);
        var resolvConf = Path.Combine("/etc/netns", network.Operator, "resolv.conf");
        int pid;
        try
        {
            var atServer = await site.RunOkAsync("exec", "operator", "--", "dig", "+short", "@10.82.0.53", "www.foobar.com");
            var byResolver = await site.RunOkAsync("exec", "operator", "--", "dig", "+short", "www.foobar.com");
            var fromBalancer = await site.RunOkAsync("exec", "lb-01", "--", "dig", "+short", "+tcp", "@10.82.0.53", "www.foobar.com");
            var curl = await site.RunOkAsync("exec", "operator", "--", "curl", "-s", "-m", "5", "-o", "/dev/null", "-w", "%{http_code} %{remote_ip}", "http://www.foobar.com:18080/robots.txt");
            using var status = await site.StatusAsync();
            var dns = status.RootElement.GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("name").GetString() == "ns-01/dns");
            pid = dns.GetProperty("pid").GetInt32();

            Assert.Equal("10.82.0.10", atServer.Output.Trim());
            Assert.Equal("10.82.0.10", byResolver.Output.Trim());
            Assert.Equal("10.82.0.10", fromBalancer.Output.Trim());
            Assert.Equal("200 10.82.0.10", curl.Output.Trim());
            Assert.Equal(("up", "10.82.0.53:53"), (dns.GetProperty("state").GetString(), dns.GetProperty("address").GetString()));
            Assert.Contains("nameserver 10.82.0.53\n", await File.ReadAllTextAsync(resolvConf), StringComparison.Ordinal);
        }
        finally
        {
            await site.DisposeAsync();
        }

        Assert.False(ProcessState.IsRunning(pid), $"knotd (pid {pid}) still runs after down");
        Assert.False(Directory.Exists(Path.GetDirectoryName(resolvConf)), $"{Path.GetDirectoryName(resolvConf)} is left after down");
        Assert.Empty(network.Existing());
    }
}
