using System.CommandLine;
using WebInfra.Cli.Components;
using WebInfra.Hosting;
using WebInfra.Topology.Loading;

namespace WebInfra.Cli.Commands;

/// <summary>
/// <c>webinfra component NAME --topology FILE</c>: run one component in the foreground. <c>up</c> starts every
/// HTTP component this way; on a real host it is the command a service manager runs.
/// </summary>
internal static class ComponentCommand
{
    /// <summary>The switch that makes the process take over the listening sockets of the component's running process.</summary>
    public const string TakeOver = "--takeover";

    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = "The component to run, e.g. server-1/web." };
        var topologyOption = new Option<string>("--topology") { Description = "The topology file.", Required = true };
        var takeOver = new Option<bool>(TakeOver)
        {
            Description = "Listen on the sockets of the component's running process, received over its takeover socket in the run state, which then finishes (webinfra restart).",
        };
        var command = new Command("component", "Run one component of a topology in the foreground.") { name, topologyOption, takeOver };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var topology = TopologyLoader.Load(parse.GetValue(topologyOption)!);
            var componentName = parse.GetValue(name)!;
            var component = topology.FindComponent(componentName)
                ?? throw new UsageException($"the topology has no component named '{componentName}'", $"components: {string.Join(", ", topology.ComponentNames)}");
            var state = CliEnvironment.State(parse.GetValue(CommonOptions.StateDirectory));
            await ComponentRunner.RunAsync(new ComponentContext(topology, component, state.Path) { TakesOver = parse.GetValue(takeOver) }, cancellationToken);
            return 0;
        });
        return command;
    }
}
