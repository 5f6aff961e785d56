namespace WebInfra.Topology.Model;

/// <summary>
/// How the CLI reaches the servers under <c>hosts: ssh</c>: the <c>ssh</c> section's defaults for every server that
/// names no <c>ssh</c> target of its own, and whether the servers are a lab on this machine.
/// </summary>
/// <param name="User">The user to log in as where a server's own target names none.</param>
/// <param name="Port">The port where a server's own target names none.</param>
/// <param name="Lab">
/// True when the servers are made here: network namespaces on a switch (as under <c>hosts: namespaces</c>), each a
/// container that boots systemd and runs sshd, with its own <c>/usr</c>, <c>/etc</c>, <c>/opt</c> and <c>/var</c>, reached only over SSH.
/// </param>
/// <param name="ServiceManager">What keeps each host's components running: systemd units or detached processes.</param>
/// <param name="InstallPackages">
/// True (the default) to install with the host's apt-get the Debian packages a host lacks for its components (MariaDB,
/// etcd, keepalived, Knot, nftables...); false to leave packages to the user, who is then told what each host lacks.
/// </param>
/// <param name="Location">Where <c>ssh</c> is written, or null when it is absent.</param>
public sealed record SshSettings(string User, int Port, bool Lab, ServiceManager ServiceManager, bool InstallPackages, SourceLocation? Location)
{
    /// <summary>No <c>ssh</c> section: root on port 22, real hosts, systemd where it runs, packages installed.</summary>
    public static SshSettings Default { get; } = new("root", SshTarget.DefaultPort, Lab: false, ServiceManager.Auto, InstallPackages: true, null);
}
