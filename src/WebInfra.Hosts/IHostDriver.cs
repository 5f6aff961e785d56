using WebInfra.Topology.Model;

namespace WebInfra.Hosts;

/// <summary>
/// Where a site's servers run, and so how each of its components is started, watched, signalled and read: a process
/// on a loopback address of this machine (<see cref="Loopback.LoopbackHostDriver"/>), in a network namespace of its own
/// (<see cref="Namespaces.NamespacesHostDriver"/>), or on a machine reached over SSH (<see cref="Ssh.SshHostDriver"/>). Shaped by a component's life, not by any one kind of host,
/// after Nomad's task drivers: the supervisor decides what starts in which order, a driver decides how. Every command
/// that touches a component's process goes through this interface; none asks which kind of host it has.
/// </summary>
/// <remarks>
/// A new kind of host is one class implementing this interface, in a folder of its own, and one line in
/// <see cref="HostDrivers"/>. Its <see cref="Fingerprint"/> says what the machine lacks before anything changes on it,
/// and its processes are recorded as <see cref="NodeProcess"/> in the run state, so that <c>down</c> finds them again
/// from the run state alone, even after the topology file changed or the command that started them crashed.
/// </remarks>
public interface IHostDriver
{
    /// <summary>The name <see cref="OnServer"/> takes for the operator's place, from which the servers are reached.</summary>
    const string OperatorName = "operator";

    /// <summary>The kind of host, as the topology and the run state name it: <c>loopback</c>, <c>namespaces</c>, <c>ssh</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Partitions and slow links between the site's hosts, or null when this kind of host has no network of its own to
    /// cut (every loopback server shares this machine's).
    /// </summary>
    INetworkFaults? Faults { get; }

    /// <summary>
    /// What the driver is doing on the servers while it prepares them, one line at a time, for the operator to watch
    /// (sending a build to a host takes a while); raised from several threads at once when it works on hosts in parallel.
    /// </summary>
    event Action<string>? Progress;

    /// <summary>What this machine lacks to run the site's servers this way, each with its fix; empty when nothing.</summary>
    IReadOnlyList<string> Fingerprint();

    /// <summary>
    /// Makes the site's servers exist before their components start, and the operator's place from which they are
    /// reached; makes only the servers that are missing when the others exist (a server added by a reload), and loads every
    /// server's firewall again so that it admits the servers the topology has now. What an earlier run that crashed left
    /// half made is removed first.
    /// Where the operator's place is one of the driver's own making and the site has DNS servers (<c>dns</c>
    /// components), names looked up there are asked of them, so a person there reaches the site by its name.
    /// </summary>
    /// <exception cref="HostException">A command that makes them failed.</exception>
    void Prepare();

    /// <summary>
    /// The command line that runs <paramref name="commandLine"/> on the server named <paramref name="serverName"/>, or
    /// with <see cref="OperatorName"/> where operators reach the servers from (<c>webinfra exec</c>).
    /// </summary>
    /// <exception cref="HostException">No such server, or it does not exist (the site is down).</exception>
    IReadOnlyList<string> OnServer(string serverName, IReadOnlyList<string> commandLine);

    /// <summary>
    /// The command line that runs <paramref name="commandLine"/> on the server named <paramref name="serverName"/> as the
    /// account its components run as, for a step that makes a component's files there (a database node's data
    /// directory), so that they are the component's own; as <see cref="OnServer"/> where they run as this process does.
    /// </summary>
    /// <exception cref="HostException">No such server.</exception>
    IReadOnlyList<string> AsComponents(string serverName, IReadOnlyList<string> commandLine) => OnServer(serverName, commandLine);

    /// <summary>
    /// True when the site's components run as root on its servers, as they do where they run as this process does and it
    /// is root; false where they run as an account of their own (the site's user on SSH hosts).
    /// </summary>
    bool ComponentsRunAsRoot => Environment.IsPrivilegedProcess;

    /// <summary>
    /// Makes the server fall silent, as a host that crashed or lost its power does, once its processes are killed:
    /// nothing on the network reaches its addresses any more (no refusal, no answer to ARP), until <see cref="Prepare"/>
    /// brings it back for its components to start again. Where servers share this machine's interface (loopback) it
    /// does nothing: the kernel refuses connections to the dead processes' ports at once, as it always did there.
    /// </summary>
    void PowerOff(string serverName);

    /// <summary>
    /// The command line that runs <paramref name="commandLine"/> (this tool again) where the site's servers can be
    /// reached from, or null when this process reaches them already. Nothing that talks to a server may run before
    /// this says null: a packet for a server's address sent from elsewhere could leave the machine.
    /// </summary>
    /// <exception cref="HostException">The place operators reach the servers from does not exist (the site is down).</exception>
    IReadOnlyList<string>? FromOperator(IReadOnlyList<string> commandLine);

    /// <summary>
    /// Makes the site's files current on every server (the topology, the files it names, and what of the run state its
    /// components read) before a running component is told to load them (<c>reload</c>); nothing where the servers read
    /// this machine's files in place.
    /// </summary>
    /// <exception cref="HostException">A server could not be sent them.</exception>
    void Publish();

    /// <summary>Where <paramref name="path"/>, a file of this machine, is for the components of <paramref name="serverName"/>: itself where they read this machine's files in place.</summary>
    string PathOnServer(string serverName, string path);

    /// <summary>
    /// What <paramref name="commandLine"/> prints when run to its end on the server named <paramref name="serverName"/>
    /// (<see cref="OnServer"/>), or null when it fails or the server cannot be reached: for a look at what a server has.
    /// </summary>
    string? OutputOnServer(string serverName, IReadOnlyList<string> commandLine) =>
        Processes.CommandRunner.TryRun(OnServer(serverName, commandLine), out var output, out _) ? output : null;

    /// <summary>Why <paramref name="component"/> could not listen on its address and port now, or null when it could.</summary>
    string? CannotListen(Component component);

    /// <summary>
    /// Starts <paramref name="fileName"/> with <paramref name="arguments"/> as <paramref name="component"/>'s process, on
    /// its server, detached from the command that starts it, its output appended to <paramref name="logFile"/>.
    /// </summary>
    NodeProcess Start(Component component, string fileName, IReadOnlyList<string> arguments, string logFile);

    /// <summary>True while the process that was started is still running (not a later one with the same id).</summary>
    bool IsAlive(NodeProcess process);

    /// <summary>
    /// The id the process runs under now, for the operator to find it by: the one it was started with, unless what
    /// supervises it on its host (systemd) started it again since.
    /// </summary>
    int PidNow(NodeProcess process) => process.Pid;

    /// <summary>Sends <paramref name="signal"/> to the process if it is still the one that was started; false when it is not running.</summary>
    bool Signal(NodeProcess process, ProcessSignal signal);

    /// <summary>
    /// Stops the processes: SIGTERM, then SIGKILL for any still running after <paramref name="grace"/>; returns once none
    /// is running.
    /// </summary>
    Task StopAsync(IReadOnlyList<NodeProcess> processes, TimeSpan grace, CancellationToken cancellationToken);

    /// <summary>The last <paramref name="lines"/> lines of a log of a component of <paramref name="serverName"/>, read where it runs; empty when it has none yet.</summary>
    IReadOnlyList<string> LogTail(string serverName, string logFile, int lines);

    /// <summary>
    /// The last <paramref name="lines"/> lines <paramref name="component"/> wrote to its standard output and error, read
    /// where it runs: the file <paramref name="logFile"/> it was started with, or where its host's service manager keeps
    /// them (the journal, for a unit of systemd).
    /// </summary>
    LogExcerpt OutputOf(Component component, string logFile, int lines);

    /// <summary>
    /// How a person on this machine runs <paramref name="commandLine"/> (<c>curl …</c>) where the servers are reached
    /// from, to print as a hint: the command itself for servers this machine reaches directly.
    /// </summary>
    string AsOperator(string commandLine);

    /// <summary>
    /// Removes whatever <see cref="Prepare"/> made, once every process is stopped; also what a crashed run left. With
    /// <paramref name="purge"/> (<c>down --purge</c>) also what the site keeps on its hosts between runs: its data, its
    /// files and its user on SSH hosts.
    /// </summary>
    /// <returns>What was purged from the hosts, one line each, to tell the operator; empty when nothing.</returns>
    /// <exception cref="HostException">A command that removes them failed.</exception>
    IReadOnlyList<string> TearDown(bool purge);
}
