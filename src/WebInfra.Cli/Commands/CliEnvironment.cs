using WebInfra.Cli.Supervision;
using WebInfra.Hosts;
using WebInfra.Topology.Loading;

namespace WebInfra.Cli.Commands;

/// <summary>
/// Where the tool finds things: the repository root (set by the <c>webinfra</c> launcher, else the current folder)
/// for the default topology, and the run-state folder (<c>--state-dir</c>, <c>WEBINFRA_HOME</c>, else <c>.webinfra/</c>
/// under the root).
/// </summary>
internal static class CliEnvironment
{
    public static string Root => Environment.GetEnvironmentVariable("WEBINFRA_ROOT") is { Length: > 0 } root ? root : Directory.GetCurrentDirectory();

    public static string DefaultTopology => Path.Combine(Root, "topologies", "distributed.yaml");

    /// <summary>
    /// The topology file a command names, or the default one (written relative to the current folder when it is below
    /// it, so messages read <c>topologies/distributed.yaml:21:7</c>); loaded and validated.
    /// </summary>
    /// <exception cref="TopologyException">The file is missing or invalid.</exception>
    public static Topology.Model.Topology LoadTopology(string? path) => TopologyLoader.Load(path ?? ShortPath(DefaultTopology));

    private static string ShortPath(string path)
    {
        var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? path : relative;
    }

    /// <summary>The run-state folder a command works on; the admin requests it makes carry that site's admin token.</summary>
    public static StateDirectory State(string? stateDirectory)
    {
        var state = new StateDirectory(
            stateDirectory
            ?? (Environment.GetEnvironmentVariable("WEBINFRA_HOME") is { Length: > 0 } home ? home : Path.Combine(Root, ".webinfra")));
        AdminHttp.UseCredentialsOf(state);
        return state;
    }

    /// <summary>
    /// The run-state folder a command names and the topology of the site running from it, with this process where the
    /// site's servers are reached from (<see cref="OperatorReentry"/>), since the command is about to talk to them.
    /// </summary>
    /// <exception cref="UsageException">Nothing was brought up from that folder.</exception>
    public static (StateDirectory State, Topology.Model.Topology Topology) Running(System.CommandLine.ParseResult parse)
    {
        var state = State(parse.GetValue(CommonOptions.StateDirectory));
        var topology = RunningTopology(state);
        OperatorReentry.Ensure(HostDrivers.For(topology, state.Path));
        return (state, topology);
    }

    /// <summary>The topology of the site running from <paramref name="state"/>.</summary>
    /// <exception cref="UsageException">Nothing was brought up from that folder.</exception>
    public static Topology.Model.Topology RunningTopology(StateDirectory state)
    {
        var runState = state.Load()
            ?? throw new UsageException($"nothing is running from {state.Path} (no state.json there)", "start the site with './webinfra up [TOPOLOGY]'");
        return AppliedTopology.Load(state, runState);
    }

    /// <summary><paramref name="name"/>, when it is a server of <paramref name="topology"/> or the operator's place (<see cref="IHostDriver.OperatorName"/>).</summary>
    /// <exception cref="UsageException">No such server.</exception>
    public static string ServerOrOperator(Topology.Model.Topology topology, string name) =>
        name == IHostDriver.OperatorName || topology.FindServer(name) is not null
            ? name
            : throw new UsageException($"no server named '{name}'", $"servers: {string.Join(", ", topology.Servers.Select(s => s.Name))}, or '{IHostDriver.OperatorName}'");

    /// <summary>The components <paramref name="target"/> names: a server (<c>server-1</c>) or a component (<c>server-1/web</c>).</summary>
    /// <exception cref="UsageException">Nothing by that name.</exception>
    public static IReadOnlyList<Topology.Model.Component> Resolve(Topology.Model.Topology topology, string target)
    {
        var components = topology.Resolve(target);
        return components.Count > 0
            ? components
            : throw new UsageException(
                $"no server or component named '{target}'",
                $"servers: {string.Join(", ", topology.Servers.Select(s => s.Name))}; components: {string.Join(", ", topology.ComponentNames)}");
    }

    /// <summary>The database node <paramref name="target"/> names: the node (<c>server-1/db</c>) or the server that runs it (<c>server-1</c>).</summary>
    /// <exception cref="UsageException">No database node by that name.</exception>
    public static Topology.Model.Component ResolveDatabaseNode(Topology.Model.Topology topology, string target) =>
        Resolve(topology, target).FirstOrDefault(c => c.Kind == Topology.Model.ComponentKind.Database)
            ?? throw new UsageException(
                $"'{target}' is not a database node",
                $"database nodes: {string.Join(", ", topology.DatabaseNodes.Select(c => c.Name))}");
}
