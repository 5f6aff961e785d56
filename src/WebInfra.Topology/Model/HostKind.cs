namespace WebInfra.Topology.Model;

/// <summary>
/// What a server is on the machine that runs the site; the value of the topology's <c>hosts</c> key. It decides how
/// the servers are kept apart, so that a firewall rule or a link fault between two of them means what it would between
/// two machines.
/// </summary>
public enum HostKind
{
    /// <summary>
    /// <c>loopback</c>: every server is a 127.x address in the machine's one network namespace. Needs no privileges;
    /// the servers share one network stack. The default.
    /// </summary>
    Loopback,

    /// <summary>
    /// <c>namespaces</c>: every server is a Linux network namespace of its own, with its own address on a virtual switch
    /// (<see cref="Topology.HostsSubnet"/>), reached by the CLI from an operator namespace (<see cref="Topology.OperatorAddress"/>).
    /// </summary>
    Namespaces,

    /// <summary>
    /// <c>ssh</c>: every server is a machine of its own, reached over SSH (<see cref="Server.Ssh"/>, else
    /// <see cref="Topology.Ssh"/>'s user at the server's address): the CLI installs WebInfra there and runs each
    /// component as a systemd unit or a process of a dedicated user (<see cref="SshSettings.ServiceManager"/>). With
    /// <see cref="SshSettings.Lab"/>, the machines are containers on this one that boot systemd and run sshd, each in a
    /// network namespace on the switch <c>namespaces</c> makes, with a file system of its own.
    /// </summary>
    Ssh,
}
