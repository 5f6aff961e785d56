namespace WebInfra.Hosts.Ssh;

/// <summary>
/// Installs on a Debian host the packages it lacks for its components (<see cref="HostFacts.MissingPackages"/>) with
/// its own <c>apt-get</c>, as an administrator would, and leaves their system services neither running nor enabled:
/// WebInfra runs its own instances (a MariaDB, an etcd or a keepalived that the package started would hold the ports and
/// the addresses of the site's). While apt-get runs, a <c>policy-rc.d</c> that denies every start keeps the packages'
/// scripts from starting anything (a host that already has one keeps its own); once it is done, the services of the
/// packages installed are stopped and disabled, so no boot starts them either. Run again after it was cut short, it
/// first lets dpkg finish what it had begun.
/// </summary>
public static class PackageInstall
{
    /// <summary>Where Debian's maintainer scripts ask whether they may start a service (<c>invoke-rc.d</c>, <c>deb-systemd-invoke</c>).</summary>
    public const string PolicyFile = "/usr/sbin/policy-rc.d";

    /// <summary>
    /// Where a host keeps the names of the packages WebInfra installed there, one per line, root's alone: <c>down
    /// --purge</c> names them with the command that removes them (it removes no package itself: another program may
    /// have come to need one since).
    /// </summary>
    public const string RecordFile = FirewallUnit.Directory + "/installed-packages";

    /// <summary>How long apt-get waits for another apt-get or dpkg (unattended-upgrades) to let go of the package database.</summary>
    private const int LockTimeoutSeconds = 120;

    /// <summary>Each Debian package WebInfra may install whose installation adds a system service, and that service.</summary>
    private static readonly Dictionary<string, string> s_services = new(StringComparer.Ordinal)
    {
        ["mariadb-server"] = "mariadb",
        ["etcd-server"] = "etcd",
        ["keepalived"] = "keepalived",
        ["knot"] = "knot",
        ["openssh-server"] = "ssh",
    };

    /// <summary>The system service that installing <paramref name="package"/> adds, or null when it adds none.</summary>
    public static string? SystemServiceOf(string package) => s_services.GetValueOrDefault(package);

    /// <summary>The shell script, run as root on the host, that installs <paramref name="packages"/> and leaves their services off.</summary>
    public static string Script(IReadOnlyList<string> packages)
    {
        ArgumentNullException.ThrowIfNull(packages);
        var services = packages.Select(SystemServiceOf).OfType<string>().ToList();
        var quoted = string.Join(' ', packages.Select(ShellWords.Quote));
        var options = $"-q -o DPkg::Lock::Timeout={LockTimeoutSeconds}";
        return string.Join('\n',
            "set -e",
            "export DEBIAN_FRONTEND=noninteractive",
            $"if [ ! -e {PolicyFile} ]; then",
            $"  printf '#!/bin/sh\\n# WebInfra is installing packages: no service starts\\nexit 101\\n' > {PolicyFile}.webinfra",
            $"  chmod 0755 {PolicyFile}.webinfra && mv -f {PolicyFile}.webinfra {PolicyFile}",
            $"  trap 'rm -f {PolicyFile}' EXIT",
            "fi",
            // An install cut short (a connection lost in the middle of an earlier 'up') left dpkg its journal to finish first.
            "if [ -n \"$(ls -A /var/lib/dpkg/updates 2>/dev/null)\" ]; then dpkg --configure -a; fi",
            $"apt-get {options} update",
            $"apt-get {options} -y -o Dpkg::Options::=--force-confold install --no-install-recommends {quoted}",
            services.Count == 0
                ? "true"
                : $"if [ -d /run/systemd/system ]; then for service in {string.Join(' ', services)}; do systemctl disable -q --now \"$service.service\" 2>/dev/null || true; done; fi",
            $"install -d -o root -g root -m 0700 {FirewallUnit.Directory}",
            $"for package in {quoted}; do grep -qxF \"$package\" {RecordFile} 2>/dev/null || echo \"$package\" >> {RecordFile}; done");
    }

    /// <summary>What apt-get said went wrong: its error lines (<c>E: ...</c>), else the last line it wrote.</summary>
    public static string Failure(string error, string output)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(output);
        var lines = (error + "\n" + output).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var errors = lines.Where(l => l.StartsWith("E: ", StringComparison.Ordinal)).Distinct().ToList();
        return errors.Count > 0 ? string.Join(" ", errors) : lines is [.., var last] ? last : "no message";
    }
}
