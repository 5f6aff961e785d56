using System.Globalization;
using WebInfra.Hosts.Processes;
using WebInfra.Topology.Model;

namespace WebInfra.Hosts.Namespaces;

/// <summary>
/// Every server is a Linux network namespace of its own with its own address on a virtual switch, as on a network of
/// real hosts: a component is a process on this machine that runs inside its server's namespace (<c>ip netns exec</c>),
/// and the CLI reaches the servers from an operator namespace on the same switch. Made with iproute2 from Debian.
/// </summary>
/// <remarks>
/// Nothing of it is in this machine's own namespace: the switch is a namespace too (see <see cref="SiteNetwork"/>), so
/// no interface, address or route of the hosts' subnet exists there, and a packet for a server's address sent from this
/// machine's namespace is never delivered to a server. The tool itself therefore never talks to a server from there:
/// every command runs again in the operator namespace first (<see cref="FromOperator"/>).
/// </remarks>
public sealed class NamespacesHostDriver : LocalHostDriver
{
    /// <summary>The kind's name in the topology and the run state.</summary>
    public const string Kind = "namespaces";

    /// <summary>Set in the environment of the command run again in the operator namespace, so it never runs itself a third time.</summary>
    public const string InsideVariable = "WEBINFRA_OPERATOR_NAMESPACE";

    /// <summary>
    /// Set with <see cref="InsideVariable"/>: the mount namespace of the command that ran itself again in the operator
    /// namespace, where a namespace made from there is mounted (see <see cref="AddNamespace"/>).
    /// </summary>
    public const string MountsVariable = "WEBINFRA_HOST_MOUNT_NAMESPACE";

    private readonly SiteNetwork _network;
    private readonly NetworkPlan? _plan;
    private readonly OperatorResolver _resolver;

    /// <summary>A driver for the site whose run state is in <paramref name="stateDirectory"/>; without a plan it can stop and remove, not make.</summary>
    public NamespacesHostDriver(string stateDirectory, NetworkPlan? plan)
    {
        _network = new SiteNetwork(stateDirectory);
        _plan = plan;
        _resolver = new OperatorResolver(OperatorResolver.SystemNetnsDirectory, _network.Operator);
    }

    /// <inheritdoc/>
    public override string Name => Kind;

    /// <inheritdoc/>
    /// <remarks>Rules on the switch's bridge and delays on each host's cable (<see cref="NamespacesNetworkFaults"/>); null without a plan, which maps names to ports.</remarks>
    public override INetworkFaults? Faults => _plan is null ? null : new NamespacesNetworkFaults(_network, _plan);

    /// <inheritdoc/>
    public override IReadOnlyList<string> Fingerprint()
    {
        var missing = new List<string>();
        if (!Environment.IsPrivilegedProcess)
        {
            missing.Add("making network namespaces takes root: run it as root, or with sudo");
        }

        if (!CommandRunner.TryRun(["ip", "-V"], out _, out _))
        {
            missing.Add("iproute2's 'ip' is not installed: apt-get install iproute2");
        }

        if (_plan is { Firewalls.Count: > 0 } && !CommandRunner.TryRun(["nft", "--version"], out _, out _))
        {
            missing.Add("the firewall is on, and nftables' 'nft' is not installed: apt-get install nftables");
        }

        if (_plan is not null && RootRoutes.Overlapping(_plan.Subnet) is { } route)
        {
            missing.Add($"the hosts' subnet {_plan.Subnet} overlaps this machine's route to {route}: choose another 'network: {{ subnet: ... }}' in the topology");
        }

        return missing;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Also points the operator namespace's resolver at the site's DNS servers when it has any (<see cref="OperatorResolver"/>),
    /// at every call, so a <c>dns</c> component added since the namespaces were made is used too.
    /// </remarks>
    public override void Prepare()
    {
        var plan = _plan ?? throw new InvalidOperationException("a site's network is made from its topology");
        if (!SiteNetwork.Exists(_network.Switch) || !SiteNetwork.Exists(_network.Operator))
        {
            MakeNetwork(plan);
        }
        else
        {
            // A server added to the topology of a running site (a reload) joins the switch on a port no server uses yet;
            // the running servers keep their namespaces (their processes live there). A server powered off by 'kill
            // SERVER' comes back on the network before its components start again.
            foreach (var server in plan.Servers)
            {
                var name = _network.Server(server.Name);
                if (!SiteNetwork.Exists(name))
                {
                    Attach(name, FreePort(), SiteNetwork.WithPrefix(server.Address, plan.Subnet.PrefixLength));
                }

                Ip("-n", name, "link", "set", SiteNetwork.HostInterface, "up");
            }

            // Every server's rules again, so each admits the peers the topology has now, and no longer those it dropped.
            LoadFirewalls(plan);
        }

        _resolver.Write(plan.NameServers);
    }

    private void MakeNetwork(NetworkPlan plan)
    {
        _ = TearDown(purge: false);
        var prefix = plan.Subnet.PrefixLength;
        Ip("netns", "add", _network.Switch);
        Ip("-n", _network.Switch, "link", "add", SiteNetwork.Bridge, "type", "bridge");
        Ip("-n", _network.Switch, "link", "set", SiteNetwork.Bridge, "up");
        for (var i = 0; i < plan.Servers.Count; i++)
        {
            Attach(_network.Server(plan.Servers[i].Name), SiteNetwork.Port(i), SiteNetwork.WithPrefix(plan.Servers[i].Address, prefix));
        }

        Attach(_network.Operator, SiteNetwork.OperatorPort, SiteNetwork.WithPrefix(plan.Operator, prefix));
        LoadFirewalls(plan);
    }

    /// <summary>Loads each server's ruleset into its namespace; one <c>nft -f</c> transaction replaces its table whole.</summary>
    private void LoadFirewalls(NetworkPlan plan)
    {
        foreach (var (server, ruleset) in plan.Firewalls)
        {
            CommandRunner.Run(OnServer(server, ["nft", "-f", "-"]), ruleset);
        }
    }

    /// <summary>The first switch port name no server's cable uses yet (a server added later cannot take its place in the file's order).</summary>
    private string FreePort() =>
        Enumerable.Range(0, int.MaxValue).Select(SiteNetwork.Port)
            .First(port => !CommandRunner.TryRun(["ip", "-n", _network.Switch, "link", "show", port], out _, out _));

    /// <inheritdoc/>
    public override string? CannotListen(Component component)
    {
        ArgumentNullException.ThrowIfNull(component);
        return CommandRunner.TryRun(OnServer(component.ServerName, SocketTable.ListeningOn(component.Port)), out var listening, out _)
            && SocketTable.Takes(listening, component.Address, component.Port)
                ? $"another process in {component.ServerName}'s namespace listens there"
                : null;
    }

    /// <inheritdoc/>
    public override IReadOnlyList<string> OnServer(string serverName, IReadOnlyList<string> commandLine)
    {
        var name = serverName == IHostDriver.OperatorName ? _network.Operator : _network.Server(serverName);
        return SiteNetwork.Exists(name)
            ? SiteNetwork.InNamespace(name, commandLine)
            : throw new HostException($"the namespace of '{serverName}' ({name}) does not exist: the site is not up ('./webinfra up')");
    }

    /// <inheritdoc/>
    public override IReadOnlyList<string>? FromOperator(IReadOnlyList<string> commandLine)
    {
        if (Environment.GetEnvironmentVariable(InsideVariable) == _network.Operator)
        {
            return null;
        }

        if (!Environment.IsPrivilegedProcess)
        {
            throw new HostException($"the site's servers are network namespaces, reached from {_network.Operator}, which takes root: run it as root, or with sudo");
        }

        if (!SiteNetwork.Exists(_network.Operator))
        {
            throw new HostException($"the site's operator namespace {_network.Operator} does not exist, so its servers cannot be reached: './webinfra up' makes it again, './webinfra down' cleans up");
        }

        return ["env", $"{InsideVariable}={_network.Operator}", string.Create(CultureInfo.InvariantCulture, $"{MountsVariable}=/proc/{Environment.ProcessId}/ns/mnt"),
            .. OnServer(IHostDriver.OperatorName, commandLine)];
    }

    /// <summary>The name of <paramref name="serverName"/>'s namespace.</summary>
    public string NamespaceOf(string serverName) => _network.Server(serverName);

    /// <summary>The servers' namespaces that exist now (not the switch's or the operator's).</summary>
    public IReadOnlyList<string> ServerNamespaces() => [.. _network.Existing().Where(n => n != _network.Switch && n != _network.Operator)];

    /// <inheritdoc/>
    public override string AsOperator(string commandLine) => $"./webinfra exec {IHostDriver.OperatorName} -- {commandLine}";

    /// <inheritdoc/>
    /// <remarks>Its cable goes down: the switch no longer delivers to it, and it answers nothing, not even ARP.</remarks>
    public override void PowerOff(string serverName) =>
        Ip("-n", _network.Server(serverName), "link", "set", SiteNetwork.HostInterface, "down");

    /// <inheritdoc/>
    public override IReadOnlyList<string> TearDown(bool purge)
    {
        // Servers and the operator first, the switch last: deleting a namespace deletes its end of the cable, and the
        // switch's end with it.
        foreach (var name in _network.Existing().OrderBy(n => n == _network.Switch))
        {
            Ip("netns", "delete", name);
        }

        _resolver.Remove();
        return [];
    }

    private void Attach(string host, string port, string address)
    {
        AddNamespace(host);
        Ip("-n", _network.Switch, "link", "add", port, "type", "veth", "peer", "name", SiteNetwork.HostInterface, "netns", host);
        Ip("-n", _network.Switch, "link", "set", port, "master", SiteNetwork.Bridge, "up");
        Ip("-n", host, "addr", "add", address, "dev", SiteNetwork.HostInterface);
        Ip("-n", host, "link", "set", SiteNetwork.HostInterface, "up");
        Ip("-n", host, "link", "set", "lo", "up");

        // As on hosts that run keepalived: a balancer listens on its VIPs whether or not its server holds them now, so
        // it serves at once when its keepalived takes one over. The setting is the namespace's own.
        CommandRunner.Run(SiteNetwork.InNamespace(host, ["sh", "-c", "echo 1 > /proc/sys/net/ipv4/ip_nonlocal_bind"]));
    }

    /// <summary>
    /// Makes the namespace <paramref name="name"/>. From the operator namespace (a reload that adds a server runs there)
    /// <c>ip netns add</c> would mount the new namespace in the operator's private mount namespace (<c>ip netns exec</c>
    /// makes one), gone with the command; it is made in the mount namespace of the command that ran itself there
    /// instead (<see cref="MountsVariable"/>), whose mounts reach the operator's too.
    /// </summary>
    private static void AddNamespace(string name) => CommandRunner.Run(InMachineMounts(["ip", "netns", "add", name]));

    /// <summary>
    /// The command line that runs <paramref name="commandLine"/> in this machine's mount namespace: in the one of the
    /// command that ran itself again in the operator namespace (<see cref="MountsVariable"/>), where <c>ip netns exec</c>
    /// gave this process one of its own (with a <c>/sys</c> of its own, without the control groups); else as it is.
    /// </summary>
    public static IReadOnlyList<string> InMachineMounts(IReadOnlyList<string> commandLine) =>
        Environment.GetEnvironmentVariable(MountsVariable) is { Length: > 0 } mounts ? ["nsenter", $"--mount={mounts}", "--", .. commandLine] : commandLine;

    private static void Ip(params string[] arguments) => CommandRunner.Run(["ip", .. arguments]);
}
