using System.Diagnostics;
using System.Net.NetworkInformation;
using WebInfra.Balancer.Vrrp;
using WebInfra.Hosting.Vrrp;
using WebInfra.Topology.Loading;

namespace WebInfra.Balancer.Tests.Vrrp;

public sealed class KeepalivedConfigurationTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("webinfra-keepalived");

    private Topology.Model.Topology Pair(string vipOptions = "") => TopologyLoader.Parse($$"""
        hosts: namespaces
        network: { subnet: 10.77.0.0/24 }
        site: { name: www.foobar.com, files: . }
        vips:
          www: { address: 10.77.0.100, balancers: { lb-01/balancer: 150, lb-02/balancer: 100 }{{vipOptions}} }
          api: { address: 10.77.0.101, balancers: { lb-01/balancer: 100, lb-02/balancer: 150 } }
        servers:
          lb-01: { address: 10.77.0.11, components: { balancer: { port: 8080, backend: web } } }
          lb-02: { address: 10.77.0.12, components: { balancer: { port: 8080, backend: web } } }
          server-1: { address: 10.77.0.1, components: { web: { port: 8081, backend: app }, app: { port: 8082 }, db: { port: 3306, role: primary } } }
        backends:
          web: { members: [server-1/web] }
          app: { members: [server-1/app] }
        """, "test.yaml", _directory.FullName);

    [Fact]
    public void Each_vip_of_the_server_is_an_instance_with_its_own_priority_sub_second_adverts_and_the_tracked_health_file()
    {
        var files = new KeepalivedFiles(_directory.FullName, "lb-02");

        var text = KeepalivedConfiguration.Render(Pair(), "lb-02", "eth0", files);

        Assert.Contains("global_defs {\n    router_id lb-02\n    vrrp_version 3\n", text, StringComparison.Ordinal);
        Assert.Contains($"file \"{files.TrackFile}\"\n    weight 0\n", text, StringComparison.Ordinal);
        Assert.Contains("vrrp_instance www {\n    state BACKUP\n    interface eth0\n    virtual_router_id 1\n    priority 100\n    advert_int 0.1\n    nopreempt\n", text, StringComparison.Ordinal);
        Assert.Contains("vrrp_instance api {\n    state BACKUP\n    interface eth0\n    virtual_router_id 2\n    priority 150\n", text, StringComparison.Ordinal);
        Assert.Contains("        10.77.0.101/32 dev eth0\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("vrrp_strict", text, StringComparison.Ordinal);
        Assert.DoesNotContain("script", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Preempt_waits_the_delay_the_topology_gives()
    {
        var text = KeepalivedConfiguration.Render(Pair(", preempt: 30s"), "lb-01", "eth0", new KeepalivedFiles(_directory.FullName, "lb-01"));

        Assert.Contains("    preempt_delay 30\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keepalived_itself_accepts_the_configuration()
    {
        var files = new KeepalivedFiles(_directory.FullName, "lb-01");
        Directory.CreateDirectory(files.Directory);
        // keepalived checks that the interface exists and is no loopback; the check sends nothing on it.
        var device = NetworkInterface.GetAllNetworkInterfaces().First(n => n.NetworkInterfaceType != NetworkInterfaceType.Loopback && n.SupportsMulticast && n.OperationalStatus == OperationalStatus.Up).Name;
        await File.WriteAllTextAsync(files.Configuration, KeepalivedConfiguration.Render(Pair(", preempt: 2s"), "lb-01", device, files));

        using var check = Process.Start(new ProcessStartInfo(KeepalivedConfiguration.Program, ["--config-test", "--use-file", files.Configuration]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        var errors = await check.StandardError.ReadToEndAsync() + await check.StandardOutput.ReadToEndAsync();
        await check.WaitForExitAsync();

        Assert.True(check.ExitCode == 0, errors);
        Assert.DoesNotContain("invalid", errors, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("rounding", errors, StringComparison.OrdinalIgnoreCase);
    }

    public void Dispose() => _directory.Delete(recursive: true);
}
