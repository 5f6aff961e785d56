using WebInfra.Hosts.Loopback;
using WebInfra.Hosts.Namespaces;
using WebInfra.Hosts.Ssh;
using WebInfra.Topology.Model;

namespace WebInfra.Hosts;

/// <summary>The kinds of host WebInfra knows, by the name the topology (<c>hosts:</c>) and the run state give them.</summary>
public static class HostDrivers
{
    /// <summary>The kind of host every site has unless its topology says otherwise.</summary>
    public const string Default = LoopbackHostDriver.Kind;

    /// <summary>The driver that runs the servers of <paramref name="topology"/>, whose run state is in <paramref name="stateDirectory"/>.</summary>
    public static IHostDriver For(Topology.Model.Topology topology, string stateDirectory)
    {
        ArgumentNullException.ThrowIfNull(topology);
        return topology.Hosts switch
        {
            HostKind.Namespaces => new NamespacesHostDriver(stateDirectory, NetworkPlan.Of(topology)),
            HostKind.Ssh => new SshHostDriver(stateDirectory, topology),
            _ => new LoopbackHostDriver(),
        };
    }

    /// <summary>
    /// Every kind of host, for the site whose run state is in <paramref name="stateDirectory"/>: what <c>down</c> tears
    /// down. SSH hosts come first: a lab's are reached over the namespaces the next one removes.
    /// </summary>
    public static IReadOnlyList<IHostDriver> All(string stateDirectory) =>
        [new SshHostDriver(stateDirectory, topology: null), new LoopbackHostDriver(), new NamespacesHostDriver(stateDirectory, plan: null)];

    /// <summary>
    /// The driver of the kind named <paramref name="kind"/> in a run state, for the site whose run state is in
    /// <paramref name="stateDirectory"/>: enough to watch, stop and remove what it started, with no topology.
    /// </summary>
    /// <exception cref="ArgumentException">WebInfra has no such kind of host.</exception>
    public static IHostDriver For(string kind, string stateDirectory) => kind switch
    {
        LoopbackHostDriver.Kind => new LoopbackHostDriver(),
        NamespacesHostDriver.Kind => new NamespacesHostDriver(stateDirectory, plan: null),
        SshHostDriver.Kind => new SshHostDriver(stateDirectory, topology: null),
        _ => throw new ArgumentException($"no kind of host is named '{kind}' (known: {LoopbackHostDriver.Kind}, {NamespacesHostDriver.Kind}, {SshHostDriver.Kind})", nameof(kind)),
    };
}
