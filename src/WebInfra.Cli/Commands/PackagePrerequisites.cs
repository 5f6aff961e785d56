using System.Diagnostics;
using Spectre.Console;
using WebInfra.Cli.Supervision;
using WebInfra.Database.Provisioning;
using WebInfra.Hosting.Processes;
using WebInfra.Balancer.Vrrp;
using WebInfra.Hosts.Ssh;
using WebInfra.Topology.Model;

namespace WebInfra.Cli.Commands;

/// <summary>
/// Makes sure the programs a topology's components run are on the machine before it starts: MariaDB's server for
/// database nodes and mariadb-backup to clone a new one, keepalived for VIPs, Knot for the DNS server, etcd for the monitors' election, sshd and systemd-nspawn for an SSH lab's hosts. As root on Debian it installs the missing packages with
/// apt-get, and stops the system services their installation may have started (WebInfra runs its own instances and
/// never the system's); otherwise it says exactly what to install.
/// </summary>
internal static class PackagePrerequisites
{
    /// <summary>Each Debian package, when a site needs it, and how to tell it is installed.</summary>
    private static readonly (string Package, Func<Topology.Model.Topology, bool> Needs, Func<bool> IsInstalled)[] s_packages =
    [
        ("mariadb-server", RunsHere(ComponentKind.Database), MariaDbInstallation.IsInstalled),
        (MariaDbInstallation.BackupPackage, RunsHere(ComponentKind.Database), MariaDbInstallation.IsBackupInstalled),
        ("keepalived", RunsHere(ComponentKind.Vrrp), () => File.Exists(KeepalivedConfiguration.Program)),
        ("knot", RunsHere(ComponentKind.Dns), () => File.Exists(DnsServers.Knotd)),
        (EtcdMembers.Package, RunsHere(ComponentKind.Etcd), () => File.Exists(EtcdMembers.Program)),
        ("openssh-server", OnSshLab, () => File.Exists(SshLab.Sshd)),
        ("systemd-container", OnSshLab, () => File.Exists(SshLab.Nspawn)),
    ];

    /// <summary>True for a site whose SSH hosts are a lab made on this machine.</summary>
    private static bool OnSshLab(Topology.Model.Topology topology) => topology is { Hosts: HostKind.Ssh, Ssh.Lab: true };

    public static async Task EnsureAsync(IAnsiConsole console, Topology.Model.Topology topology, CancellationToken cancellationToken)
    {
        var missing = s_packages.Where(p => p.Needs(topology) && !p.IsInstalled()).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        var packages = string.Join(' ', missing.Select(p => p.Package));
        var installCommand = $"apt-get update && apt-get install -y --no-install-recommends {packages}";
        if (Environment.UserName != "root" || !File.Exists("/usr/bin/apt-get"))
        {
            throw new SupervisorException($"{packages} {(missing.Count == 1 ? "is" : "are")} not installed. Install with: sudo sh -c '{installCommand}'");
        }

        console.MarkupLineInterpolated($"[yellow]{packages} {(missing.Count == 1 ? "is" : "are")} not installed; installing:[/] {installCommand}");
        var install = new ProcessStartInfo("/bin/sh", ["-c", installCommand]) { UseShellExecute = false };
        install.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var process = Process.Start(install)!;
        await process.WaitForExitAsync(cancellationToken);
        foreach (var service in missing.Select(p => PackageInstall.SystemServiceOf(p.Package)).OfType<string>().Where(s => File.Exists($"/etc/init.d/{s}")))
        {
            await ForegroundProgram.RunToEndAsync($"/etc/init.d/{service}", ["stop"], cancellationToken);
        }

        if (process.ExitCode != 0 || missing.Any(p => !p.IsInstalled()))
        {
            throw new SupervisorException($"installing {packages} failed (exit code {process.ExitCode}); run '{installCommand}' yourself and look at its output");
        }
    }

    private static Func<Topology.Model.Topology, bool> Runs(ComponentKind kind) => topology => topology.Components.Any(c => c.Kind == kind);

    /// <summary>
    /// True for a site with a component of <paramref name="kind"/> whose program runs from this machine's files: all but
    /// real SSH hosts, which have their own (their look says what they lack); a lab's hosts share this machine's /usr.
    /// </summary>
    private static Func<Topology.Model.Topology, bool> RunsHere(ComponentKind kind) =>
        topology => (topology.Hosts != HostKind.Ssh || topology.Ssh.Lab) && Runs(kind)(topology);
}
