using WebInfra.Cli.Supervision;
using WebInfra.Hosts;
using WebInfra.Topology.Faults;

namespace WebInfra.Cli.Commands;

/// <summary>
/// The running site's network as the fault commands (<c>partition</c>, <c>heal</c>, <c>slow</c>) see it: its kind of
/// host's <see cref="INetworkFaults"/>, the names they accept, and the record of what is set (<see cref="SiteFaultsFile"/>),
/// written again from the kernel after every change.
/// </summary>
/// <remarks>
/// These commands change the switch's and the hosts' namespaces with <c>nft</c> and <c>tc</c> through netlink; they send
/// no packet to a server, so they run from wherever the command was typed.
/// </remarks>
internal sealed class FaultedNetwork
{
    private readonly StateDirectory _state;
    private readonly Topology.Model.Topology _topology;

    private FaultedNetwork(StateDirectory state, Topology.Model.Topology topology, INetworkFaults faults)
    {
        (_state, _topology, Faults) = (state, topology, faults);
    }

    /// <summary>The kind of host's faults.</summary>
    public INetworkFaults Faults { get; }

    /// <summary>The network of the site running from the run-state folder <paramref name="parse"/> names, for <paramref name="command"/>.</summary>
    /// <exception cref="UsageException">Nothing runs from there, or its kind of host has no network of its own to fault.</exception>
    public static FaultedNetwork Of(System.CommandLine.ParseResult parse, string command)
    {
        var state = CliEnvironment.State(parse.GetValue(CommonOptions.StateDirectory));
        var topology = CliEnvironment.RunningTopology(state);
        var faults = HostDrivers.For(topology, state.Path).Faults
            ?? throw new UsageException(
                $"'{command}' needs servers with a network of their own, and {topology.SourcePath} runs them all on this machine's loopback network",
                "set 'hosts: namespaces' in the topology (see topologies/distributed-hosts.yaml), then './webinfra down' and './webinfra up TOPOLOGY' as root");
        return new FaultedNetwork(state, topology, faults);
    }

    /// <summary><paramref name="name"/>, when it is a server of the site or <c>operator</c>.</summary>
    /// <exception cref="UsageException">No such server.</exception>
    public string Host(string name) => CliEnvironment.ServerOrOperator(_topology, name);

    /// <summary>Reads the faults back from the kernel and records them for <c>status</c> and the dashboard.</summary>
    public SiteFaults Record()
    {
        var current = Faults.Current();
        SiteFaultsFile.Save(_state.Path, current);
        return current;
    }
}
