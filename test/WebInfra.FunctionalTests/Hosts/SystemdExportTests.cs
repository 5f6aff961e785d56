using WebInfra.FunctionalTests.Infrastructure;

namespace WebInfra.FunctionalTests.Hosts;

/// <summary>
/// <c>webinfra systemd export</c> as a user runs it, judged by systemd itself: every unit it writes for the SSH lab's
/// servers passes <c>systemd-analyze verify</c> in a root laid out as <c>up</c> lays out a host, with nothing said, and
/// its hardening keeps systemd's exposure score at "OK" or better.
/// </summary>
public sealed class SystemdExportTests : IDisposable
{
    private static readonly string s_topology = Path.Combine(Repository.Root, "topologies", "ssh-lab.yaml");

    private readonly string _root = Directory.CreateTempSubdirectory("webinfra-systemd-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Every_unit_of_every_server_passes_systemd_analyze_verify_and_is_hardened()
    {
        // A host's root as 'up' leaves it: the build's program, MariaDB's and etcd's servers, and systemd's own units for the targets the units name.
        var units = Path.Combine(_root, "etc", "systemd", "system");
        foreach (var program in (string[])[Path.Combine(_root, "opt", "webinfra", "current", "webinfra"), Path.Combine(_root, "usr", "sbin", "mariadbd"), Path.Combine(_root, "usr", "bin", "etcd")])
        {
            Directory.CreateDirectory(Path.GetDirectoryName(program)!);
            await File.WriteAllTextAsync(program, "#!/bin/sh\n");
            Assert.Equal(0, (await Infrastructure.Cli.RunProgramAsync("chmod", "+x", program)).ExitCode);
        }

        Directory.CreateDirectory(Path.Combine(_root, "usr", "lib"));
        Assert.Equal(0, (await Infrastructure.Cli.RunProgramAsync("cp", "-r", "/usr/lib/systemd", Path.Combine(_root, "usr", "lib"))).ExitCode);

        var written = new List<string>();
        foreach (var server in (string[])["lb-01", "lb-02", "server-1", "server-2"])
        {
            var export = await Infrastructure.Cli.RunAsync("systemd", "export", server, s_topology, "--out", units, "--state-dir", Path.Combine(_root, "state"));
            Assert.True(export.ExitCode == 0, export.ToString());
            written.AddRange(export.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => Path.GetFileName(l.Trim()["wrote ".Length..])));
        }

        Assert.Equal(
            ["webinfra-lb-01-balancer@.service", "webinfra-lb-01-monitor@.service", "webinfra-lb-01-etcd@.service", "webinfra-lb-01-dns@.service", "webinfra-lb-01-vrrp@.service",
                "webinfra-lb-02-balancer@.service", "webinfra-lb-02-dns@.service", "webinfra-lb-02-vrrp@.service", "webinfra-server-1-web@.service", "webinfra-server-1-app@.service",
                "webinfra-server-1-db@.service", "webinfra-server-1-etcd@.service", "webinfra-server-2-web@.service", "webinfra-server-2-app@.service", "webinfra-server-2-db@.service",
                "webinfra-server-2-etcd@.service", "webinfra-server-2-monitor@.service"], written);
        foreach (var unit in written.Select(t => t.Replace("@.", "@1.", StringComparison.Ordinal)))
        {
            var verify = await Infrastructure.Cli.RunProgramAsync("systemd-analyze", "verify", $"--root={_root}", $"/etc/systemd/system/{unit}");
            Assert.True(verify.ExitCode == 0 && verify.Error.Trim().Length == 0 && verify.Output.Trim().Length == 0, $"{unit}: {verify}");

            var security = await Infrastructure.Cli.RunProgramAsync("systemd-analyze", "security", "--offline=true", $"--root={_root}", unit);
            Assert.Matches("Overall exposure level for .*: [0-9.]+ (OK|SAFE)", security.Output + security.Error);
        }

        var balancer = await File.ReadAllTextAsync(Path.Combine(units, "webinfra-lb-01-balancer@.service"));
        Assert.Contains("ExecStart=/opt/webinfra/current/webinfra component lb-01/balancer --topology /var/lib/webinfra/site" + s_topology + " --state-dir /var/lib/webinfra/state", balancer, StringComparison.Ordinal);
        Assert.Contains("User=webinfra\n", balancer, StringComparison.Ordinal);
        Assert.Contains("Restart=on-failure\n", balancer, StringComparison.Ordinal);
        Assert.Contains("AmbientCapabilities=CAP_NET_BIND_SERVICE\n", balancer, StringComparison.Ordinal);
        Assert.Contains("Environment=DOTNET_TC_CallCountingDelayMs=0\n", balancer, StringComparison.Ordinal);
        Assert.Contains("AmbientCapabilities=\n", await File.ReadAllTextAsync(Path.Combine(units, "webinfra-server-1-web@.service")), StringComparison.Ordinal);

        // keepalived (run by the vrrp component's agent) keeps the rights to add the VIPs and send VRRP adverts and ARPs,
        // and nothing else; Knot keeps the right to listen on port 53.
        var vrrp = await File.ReadAllTextAsync(Path.Combine(units, "webinfra-lb-02-vrrp@.service"));
        Assert.Contains("ExecStart=/opt/webinfra/current/webinfra component lb-02/vrrp ", vrrp, StringComparison.Ordinal);
        Assert.Contains("AmbientCapabilities=CAP_NET_ADMIN CAP_NET_RAW\n", vrrp, StringComparison.Ordinal);
        Assert.Contains("RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6 AF_NETLINK AF_PACKET\n", vrrp, StringComparison.Ordinal);
        Assert.Contains("AmbientCapabilities=CAP_NET_BIND_SERVICE\n", await File.ReadAllTextAsync(Path.Combine(units, "webinfra-lb-01-dns@.service")), StringComparison.Ordinal);

        // A database node runs MariaDB's server on its data directory on the host, and systemd never starts it by itself.
        var database = await File.ReadAllTextAsync(Path.Combine(units, "webinfra-server-2-db@.service"));
        Assert.Contains("ExecStart=/usr/sbin/mariadbd --no-defaults --datadir=/var/lib/webinfra/state/db/server-2/data ", database, StringComparison.Ordinal);
        Assert.Contains("Restart=no\n", database, StringComparison.Ordinal);
        Assert.DoesNotContain("[Install]", database, StringComparison.Ordinal);

        // An etcd member runs etcd on its data directory on the host, started again by systemd like WebInfra's own components.
        var etcd = await File.ReadAllTextAsync(Path.Combine(units, "webinfra-server-1-etcd@.service"));
        Assert.Contains("ExecStart=/usr/bin/etcd --name server-1 --data-dir /var/lib/webinfra/state/etcd/server-1 ", etcd, StringComparison.Ordinal);
        Assert.Contains("Restart=on-failure\n", etcd, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_topology_that_is_not_on_ssh_hosts_or_a_server_it_lacks_is_refused_with_the_fix()
    {
        var loopback = await Infrastructure.Cli.RunAsync("systemd", "export", "server-1", Path.Combine(Repository.Root, "topologies", "distributed.yaml"), "--out", _root);
        Assert.Equal(2, loopback.ExitCode);
        Assert.Contains("runs its servers as loopback hosts; the units are for the layout 'hosts: ssh' gives a host", loopback.Error, StringComparison.Ordinal);

        var unknown = await Infrastructure.Cli.RunAsync("systemd", "export", "server-9", s_topology, "--out", _root);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("the topology has no server 'server-9'", unknown.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_root));
    }
}
