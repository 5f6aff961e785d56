using System.Globalization;
using WebInfra.Hosts.Namespaces;
using WebInfra.Hosts.Processes;

namespace WebInfra.Hosts.Ssh;

/// <summary>
/// SSH hosts made on this machine for trying and testing <c>hosts: ssh</c> (<c>ssh: { lab: true }</c>): each server is
/// a network namespace on the switch <see cref="NamespacesHostDriver"/> makes, running an sshd of Debian's
/// <c>openssh-server</c> with a host key of its own. What the sshd and everything it starts see as <c>/etc</c>,
/// <c>/opt</c> and <c>/var</c> is this machine's under an overlay whose upper layer is the server's own disk
/// (<c>ssh/lab/SERVER/disk</c> in the run state), so a user added there, or a file written, stays on that host: as on
/// real machines, nothing one host installs is seen by another or by this machine. Every other folder but the system's
/// (<c>/usr</c> and the like) is empty there, <c>/tmp</c>, <c>/root</c> and this machine's run state and repository
/// included, so a host has only what <c>up</c> sends it. The disks outlive <c>down</c>, as
/// real disks do, until <c>down --purge</c>. The CLI logs in as root with a key made for the lab.
/// </summary>
public sealed class SshLab
{
    /// <summary>Debian's sshd.</summary>
    public const string Sshd = "/usr/sbin/sshd";

    /// <summary>The folders each lab host has of its own, over this machine's.</summary>
    private static readonly string[] s_ownFolders = ["etc", "opt", "var"];

    /// <summary>The top-level folders a lab host shares with this machine, read as they are: the system. Every other one is empty there.</summary>
    private static readonly string[] s_systemFolders = ["bin", "boot", "dev", "etc", "lib", "lib32", "lib64", "libx32", "opt", "proc", "run", "sbin", "sys", "usr", "var"];

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

    /// <summary>What this machine lacks to make the lab: the namespaces' needs, and sshd.</summary>
    public IReadOnlyList<string> Fingerprint() =>
        [.. Network.Fingerprint(), .. File.Exists(Sshd) ? [] : (string[])["the SSH lab runs Debian's sshd on every host, which is not installed: apt-get install openssh-server"]];

    /// <summary>Makes the switch and the hosts (<see cref="NamespacesHostDriver.Prepare"/>) and starts each host's sshd that does not run; returns once each accepts connections.</summary>
    public void Prepare()
    {
        var plan = Plan ?? throw new InvalidOperationException("a lab is made from its topology");
        Network.Prepare();
        if (!File.Exists(IdentityFile))
        {
            Directory.CreateDirectory(_directory);
            CommandRunner.Run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "webinfra-lab", "-f", IdentityFile]);
        }

        foreach (var (server, address) in plan.Servers)
        {
            if (SshdOf(server) is { } running && UnixProcess.IsAlive(running))
            {
                continue;
            }

            var host = HostDirectory(server);
            Directory.CreateDirectory(host);
            var config = Path.Combine(host, "sshd_config");
            File.WriteAllText(config, SshdConfig(address));
            var process = ProcessLauncher.Launch(Network.OnServer(server, ["sh", "-c", StartScript(host), "webinfra-lab-host"]), Path.Combine(host, "sshd.log"));
            File.WriteAllText(Path.Combine(host, "sshd.pid"), string.Create(CultureInfo.InvariantCulture, $"{process.Pid} {process.StartTime}"));
            WaitListening(server, process, host);
        }
    }

    /// <summary>
    /// Unplugs the host, then kills everything on it, its sshd too, as a host that lost its power: nothing it had open
    /// says goodbye (no FIN, no reset reaches its peers), so each peer finds out on its own.
    /// </summary>
    public void PowerOff(string serverName)
    {
        Network.PowerOff(serverName);
        KillEverything(Network.NamespaceOf(serverName));
    }

    /// <summary>Kills every process on the lab's hosts and removes the network; with <paramref name="purge"/> also the hosts' disks.</summary>
    public void TearDown(bool purge)
    {
        foreach (var name in Network.ServerNamespaces())
        {
            KillEverything(name);
        }

        _ = Network.TearDown(purge: false);
        if (purge && Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private string HostDirectory(string serverName) => Path.Combine(_directory, serverName);

    private NodeProcess? SshdOf(string serverName)
    {
        var file = Path.Combine(HostDirectory(serverName), "sshd.pid");
        return File.Exists(file) && File.ReadAllText(file).Split(' ') is [var pid, var start]
            ? new NodeProcess(int.Parse(pid, CultureInfo.InvariantCulture), long.Parse(start, CultureInfo.InvariantCulture))
            : null;
    }

    private void WaitListening(string serverName, NodeProcess sshd, string host)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!(CommandRunner.TryRun(Network.OnServer(serverName, ["ss", "-Hltn", "sport = :22"]), out var listening, out _) && listening.Trim().Length > 0))
        {
            if (!UnixProcess.IsAlive(sshd) || DateTime.UtcNow > deadline)
            {
                var log = Path.Combine(host, "sshd.log");
                throw new HostException($"the sshd of lab host '{serverName}' did not start: {(File.Exists(log) ? string.Join(" ", File.ReadLines(log).TakeLast(3)) : "no log")}");
            }

            Thread.Sleep(50);
        }
    }

    /// <summary>
    /// Mounts the host's own folders over this machine's (the mount namespace is the host's alone: <c>ip netns exec</c>
    /// makes one), gives it a host key of its own once and the lab's public key for root, then becomes its sshd.
    /// </summary>
    private string StartScript(string host)
    {
        var disk = Path.Combine(host, "disk");
        var work = Path.Combine(host, "work");
        var lines = new List<string> { "set -e" };
        foreach (var folder in s_ownFolders)
        {
            var name = folder.Replace('/', '-');
            lines.Add($"mkdir -p {ShellWords.Quote(Path.Combine(disk, name))} {ShellWords.Quote(Path.Combine(work, name))}");
            lines.Add($"mount -t overlay webinfra-lab -o {ShellWords.Quote($"lowerdir=/{folder},upperdir={Path.Combine(disk, name)},workdir={Path.Combine(work, name)}")} /{folder}");
        }

        // What sshd reads goes into the host's own /etc before the rest of this machine is hidden: the run state (where
        // this script's files are) and every other folder that is not the system are empty on the host, /tmp and /root
        // too, so the host has only what 'up' sends it.
        lines.AddRange(
        [
            "if [ ! -f /etc/ssh/webinfra-lab-host ]; then rm -f /etc/ssh/ssh_host_*; ssh-keygen -q -t ed25519 -N '' -f /etc/ssh/ssh_host_ed25519_key; touch /etc/ssh/webinfra-lab-host; fi",
            "mkdir -p /etc/ssh/authorized_keys",
            $"cp {ShellWords.Quote(IdentityFile + ".pub")} /etc/ssh/authorized_keys/root",
            "chmod 0644 /etc/ssh/authorized_keys/root",
            $"cp {ShellWords.Quote(Path.Combine(host, "sshd_config"))} /etc/ssh/webinfra-lab-sshd_config",
            "mount -t tmpfs -o mode=0755 webinfra-lab /run",
            "mkdir -p /run/sshd",
            $"for folder in /*; do case \"${{folder#/}}\" in {string.Join('|', s_systemFolders)}) ;; *) if [ -d \"$folder\" ] && [ ! -L \"$folder\" ]; then mount -t tmpfs -o mode=0755 webinfra-lab \"$folder\"; fi ;; esac; done",
            "chmod 1777 /tmp",
            "chmod 0700 /root",
            $"exec {Sshd} -D -e -f /etc/ssh/webinfra-lab-sshd_config",
        ]);
        return string.Join('\n', lines);
    }

    private static string SshdConfig(System.Net.IPAddress address) => string.Join('\n',
        $"ListenAddress {address}:22",
        "HostKey /etc/ssh/ssh_host_ed25519_key",
        "PermitRootLogin prohibit-password",
        "PubkeyAuthentication yes",
        "AuthorizedKeysFile /etc/ssh/authorized_keys/%u",
        "PasswordAuthentication no",
        "KbdInteractiveAuthentication no",
        "UsePAM no",
        "PidFile none",
        "Subsystem sftp internal-sftp",
        "");

    private static void KillEverything(string namespaceName)
    {
        for (var round = 0; round < 50 && CommandRunner.TryRun(["ip", "netns", "pids", namespaceName], out var pids, out _) && pids.Trim().Length > 0; round++)
        {
            CommandRunner.TryRun(["kill", "-KILL", .. pids.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)], out _, out _);
            Thread.Sleep(100);
        }
    }
}
