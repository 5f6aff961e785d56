using System.Globalization;
using WebInfra.Hosts.Namespaces;
using WebInfra.Hosts.Processes;

namespace WebInfra.Hosts.Ssh;

/// <summary>
/// SSH hosts made on this machine for trying and testing <c>hosts: ssh</c> (<c>ssh: { lab: true }</c>): each server is
/// a container (<c>systemd-nspawn</c>) in a network namespace on the switch <see cref="NamespacesHostDriver"/> makes,
/// which boots systemd as a Debian server does, with Debian's sshd its one enabled service and a host key of its own.
/// Its <c>/usr</c>, <c>/etc</c>, <c>/opt</c> and <c>/var</c> are this machine's under an overlay whose upper layer is
/// the server's own disk (<c>ssh/lab/SERVER/disk</c> in the run state), so a user added there, a unit enabled, a package
/// installed or removed or a file written stays on that host: as on real machines, nothing one host installs is seen by
/// another or by this machine. Every other folder is its own and starts empty, <c>/tmp</c>, <c>/root</c>, <c>/run</c>
/// and this machine's run state and repository included, so a host has only what <c>up</c> sends it; it has its own
/// processes (a pid namespace) and its own control group (<c>webinfra-lab/NAMESPACE</c>), in which its systemd keeps
/// its units, and of the capabilities nspawn leaves a container, <c>CAP_NET_ADMIN</c> over its own network namespace
/// (its firewall). The disks outlive <c>down</c>, as real disks do, until <c>down --purge</c>. The CLI logs in as root
/// with a key made for the lab.
/// </summary>
public sealed class SshLab
{
    /// <summary>Debian's sshd.</summary>
    public const string Sshd = "/usr/sbin/sshd";

    /// <summary>systemd's container manager (Debian's <c>systemd-container</c>), which boots each host.</summary>
    public const string Nspawn = "/usr/bin/systemd-nspawn";

    /// <summary>The folders each lab host has of its own, over this machine's.</summary>
    private static readonly string[] s_ownFolders = ["usr", "etc", "opt", "var"];

    /// <summary>The control group hierarchies a host's container is put in a group of its own of, where this machine has them.</summary>
    private static readonly string[] s_cgroupHierarchies = ["/sys/fs/cgroup/systemd", "/sys/fs/cgroup/unified", "/sys/fs/cgroup"];

    /// <summary>How each host's sshd is set, over Debian's defaults: root by the lab's key alone.</summary>
    private static readonly string[] s_sshdSettings =
    [
        "PermitRootLogin prohibit-password",
        "PubkeyAuthentication yes",
        "AuthorizedKeysFile /etc/ssh/authorized_keys/%u",
        "PasswordAuthentication no",
        "KbdInteractiveAuthentication no",
        "UsePAM no",
    ];

    /// <summary>How long a host has to boot until its sshd listens.</summary>
    private static readonly TimeSpan s_bootTimeout = TimeSpan.FromSeconds(60);

    private readonly string _directory;

    /// <summary>The lab of the site whose run state is in <paramref name="stateDirectory"/>; without a plan it can be torn down, not made.</summary>
    public SshLab(string stateDirectory, NetworkPlan? plan)
    {
        _directory = DirectoryIn(stateDirectory);

        // Each host's firewall is loaded over SSH, as on real hosts (SshHostDriver), not by the switch's maker.
        Plan = plan is null ? null : plan with { Firewalls = new Dictionary<string, string>(StringComparer.Ordinal) };
        Network = new NamespacesHostDriver(stateDirectory, Plan);
    }

    /// <summary>The switch, the hosts' namespaces and the operator's.</summary>
    public NamespacesHostDriver Network { get; }

    /// <summary>The hosts and their addresses, or null for a lab known from its run state alone (to tear down).</summary>
    public NetworkPlan? Plan { get; }

    /// <summary>The private key the CLI logs in to every lab host with.</summary>
    public string IdentityFile => Path.Combine(_directory, "id_ed25519");

    /// <summary>The lab's folder in the run state <paramref name="stateDirectory"/>.</summary>
    public static string DirectoryIn(string stateDirectory) => Path.Combine(stateDirectory, "ssh", "lab");

    /// <summary>What this machine lacks to make the lab: the namespaces' needs, sshd and systemd-nspawn.</summary>
    public IReadOnlyList<string> Fingerprint() =>
    [
        .. Network.Fingerprint(),
        .. File.Exists(Sshd) ? [] : (string[])["the SSH lab runs Debian's sshd on every host, which is not installed: apt-get install openssh-server"],
        .. File.Exists(Nspawn) ? [] : (string[])["the SSH lab boots every host with systemd-nspawn, which is not installed: apt-get install systemd-container"],
    ];

    /// <summary>Makes the switch and the hosts (<see cref="NamespacesHostDriver.Prepare"/>) and boots each host that does not run; returns once each accepts SSH connections.</summary>
    public void Prepare()
    {
        var plan = Plan ?? throw new InvalidOperationException("a lab is made from its topology");
        Network.Prepare();
        if (!File.Exists(IdentityFile))
        {
            Directory.CreateDirectory(_directory);
            CommandRunner.Run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "webinfra-lab", "-f", IdentityFile]);
        }

        var booting = new List<(string Server, NodeProcess Container, string Host)>();
        foreach (var (server, _) in plan.Servers)
        {
            if (ContainerOf(server) is { } running && UnixProcess.IsAlive(running))
            {
                continue;
            }

            var host = HostDirectory(server);
            Directory.CreateDirectory(host);
            RemoveControlGroups(Network.NamespaceOf(server));
            // From this machine's own mount namespace, whose /sys has the control groups the container needs.
            var process = ProcessLauncher.Launch(
                NamespacesHostDriver.InMachineMounts(["unshare", "--mount", "--propagation", "private", "sh", "-c", BootScript(server, host), "webinfra-lab-host"]),
                Path.Combine(host, "boot.log"));
            File.WriteAllText(Path.Combine(host, "container.pid"), string.Create(CultureInfo.InvariantCulture, $"{process.Pid} {process.StartTime}"));
            booting.Add((server, process, host));
        }

        foreach (var (server, container, host) in booting)
        {
            WaitListening(server, container, host);
        }
    }

    /// <summary>
    /// Unplugs the host, then kills everything on it, its systemd and sshd too, as a host that lost its power: nothing it
    /// had open says goodbye (no FIN, no reset reaches its peers), so each peer finds out on its own.
    /// </summary>
    public void PowerOff(string serverName)
    {
        Network.PowerOff(serverName);
        var name = Network.NamespaceOf(serverName);
        KillEverything(name);
        RemoveControlGroups(name);
    }

    /// <summary>Kills every process on the lab's hosts and removes the network; with <paramref name="purge"/> also the hosts' disks.</summary>
    public void TearDown(bool purge)
    {
        foreach (var name in Network.ServerNamespaces())
        {
            KillEverything(name);
            RemoveControlGroups(name);
        }

        _ = Network.TearDown(purge: false);
        foreach (var hierarchy in s_cgroupHierarchies)
        {
            TryRemoveDirectory(Path.Combine(hierarchy, "webinfra-lab"));
        }

        if (purge && Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private string HostDirectory(string serverName) => Path.Combine(_directory, serverName);

    private NodeProcess? ContainerOf(string serverName)
    {
        var file = Path.Combine(HostDirectory(serverName), "container.pid");
        return File.Exists(file) && File.ReadAllText(file).Split(' ') is [var pid, var start]
            ? new NodeProcess(int.Parse(pid, CultureInfo.InvariantCulture), long.Parse(start, CultureInfo.InvariantCulture))
            : null;
    }

    private void WaitListening(string serverName, NodeProcess container, string host)
    {
        var deadline = DateTime.UtcNow + s_bootTimeout;
        while (!(CommandRunner.TryRun(Network.OnServer(serverName, ["ss", "-Hltn", "sport = :22"]), out var listening, out _) && listening.Trim().Length > 0))
        {
            if (!UnixProcess.IsAlive(container) || DateTime.UtcNow > deadline)
            {
                var log = Path.Combine(host, "boot.log");
                throw new HostException($"lab host '{serverName}' did not boot to its sshd within {s_bootTimeout.TotalSeconds:0} s: {(File.Exists(log) ? string.Join(" ", File.ReadLines(log).TakeLast(5)) : "no log")}");
            }

            Thread.Sleep(100);
        }
    }

    /// <summary>
    /// In a mount namespace of its own (<c>unshare</c>), lays out the host's root (its own folders as overlays over this
    /// machine's, every other one its own), makes it a server of its own the first
    /// time (a machine id, a host key, no enabled service but sshd), gives root the lab's public key, moves itself into
    /// the host's control group and becomes the container, which joins the host's network namespace and boots systemd.
    /// </summary>
    private string BootScript(string serverName, string host)
    {
        var root = Path.Combine(host, "root");
        var disk = Path.Combine(host, "disk");
        var work = Path.Combine(host, "work");
        var netns = Path.Combine(host, "netns");
        var name = Network.NamespaceOf(serverName);
        var lines = new List<string>
        {
            "set -e",
            $"root={ShellWords.Quote(root)}",
            "mkdir -p \"$root\"/proc \"$root\"/sys \"$root\"/dev \"$root\"/run \"$root\"/tmp \"$root\"/root \"$root\"/home \"$root\"/srv \"$root\"/mnt",
            "for l in bin sbin lib lib32 lib64 libx32; do if [ -L /$l ]; then ln -sfn \"$(readlink /$l)\" \"$root/$l\"; elif [ -d /$l ]; then mkdir -p \"$root/$l\"; mount --bind /$l \"$root/$l\"; mount -o remount,bind,ro \"$root/$l\"; fi; done",
        };
        foreach (var folder in s_ownFolders)
        {
            lines.Add($"mkdir -p {ShellWords.Quote(Path.Combine(disk, folder))} {ShellWords.Quote(Path.Combine(work, folder))} \"$root/{folder}\"");
            lines.Add($"mount -t overlay webinfra-lab -o {ShellWords.Quote($"lowerdir=/{folder},upperdir={Path.Combine(disk, folder)},workdir={Path.Combine(work, folder)}")} \"$root/{folder}\"");
        }

        lines.AddRange(
        [
            // A fresh server: its own identity, and only sshd enabled among the services this machine's packages enabled.
            "if [ ! -f \"$root/etc/webinfra-lab-host\" ]; then",
            "  systemd-id128 new > \"$root/etc/machine-id\"",
            "  find \"$root/etc/systemd/system\" -mindepth 2 -path '*.wants/*' ! -name ssh.service -delete",
            "  find \"$root\"/etc/rc?.d -mindepth 1 -delete 2>/dev/null || true",
            "  touch \"$root/etc/webinfra-lab-host\"",
            "fi",
            "if [ ! -f \"$root/etc/ssh/webinfra-lab-host\" ]; then",
            "  rm -f \"$root\"/etc/ssh/ssh_host_*",
            "  ssh-keygen -q -t ed25519 -N '' -f \"$root/etc/ssh/ssh_host_ed25519_key\"",
            "  touch \"$root/etc/ssh/webinfra-lab-host\"",
            "fi",
            "mkdir -p \"$root/etc/ssh/authorized_keys\" \"$root/etc/ssh/sshd_config.d\"",
            $"cp {ShellWords.Quote(IdentityFile + ".pub")} \"$root/etc/ssh/authorized_keys/root\"",
            "chmod 0644 \"$root/etc/ssh/authorized_keys/root\"",
            $"printf '%s\\n' {string.Join(' ', s_sshdSettings.Select(ShellWords.Quote))} > \"$root/etc/ssh/sshd_config.d/webinfra-lab.conf\"",

            // The container's systemd keeps its units in a control group of the host's own, never in this machine's.
            $"for c in {string.Join(' ', s_cgroupHierarchies)}; do if [ -e \"$c/cgroup.procs\" ]; then mkdir -p \"$c/webinfra-lab/{name}\"; echo $$ > \"$c/webinfra-lab/{name}/cgroup.procs\"; fi; done",

            // What nspawn keeps in /run goes to a /run of this mount namespace alone; the network namespace is reached by a
            // link made before it is hidden.
            $"touch {ShellWords.Quote(netns)}",
            $"mount --bind /run/netns/{name} {ShellWords.Quote(netns)}",
            "mount -t tmpfs -o mode=0755 webinfra-lab /run",
            $"exec {Nspawn} --quiet --directory=\"$root\" --machine={ShellWords.Quote(serverName)} --register=no --keep-unit --capability=CAP_NET_ADMIN "
                + $"--network-namespace-path={ShellWords.Quote(netns)} --resolv-conf=off --timezone=off --link-journal=no --console=pipe --boot",
        ]);
        return string.Join('\n', lines);
    }

    private static void KillEverything(string namespaceName)
    {
        for (var round = 0; round < 50 && CommandRunner.TryRun(["ip", "netns", "pids", namespaceName], out var pids, out _) && pids.Trim().Length > 0; round++)
        {
            CommandRunner.TryRun(["kill", "-KILL", .. pids.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)], out _, out _);
            Thread.Sleep(100);
        }
    }

    /// <summary>Removes the control groups a host's systemd made, once nothing runs in them (a group that still holds a process stays).</summary>
    private static void RemoveControlGroups(string namespaceName)
    {
        foreach (var hierarchy in s_cgroupHierarchies)
        {
            var group = Path.Combine(hierarchy, "webinfra-lab", namespaceName);
            for (var attempt = 0; attempt < 20 && Directory.Exists(group); attempt++)
            {
                foreach (var directory in Directory.EnumerateDirectories(group, "*", SearchOption.AllDirectories).OrderByDescending(d => d.Length).Append(group))
                {
                    TryRemoveDirectory(directory);
                }

                if (Directory.Exists(group))
                {
                    Thread.Sleep(100);
                }
            }
        }
    }

    /// <summary>Removes an empty directory or control group; nothing when it is absent or not empty.</summary>
    private static void TryRemoveDirectory(string directory)
    {
        try
        {
            Directory.Delete(directory);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
