using System.CommandLine;
using WebInfra.Monitoring.Diagrams;

namespace WebInfra.Cli.Commands;

/// <summary>
/// <c>webinfra diagram [TOPOLOGY] [--sequence]</c>: the topology as Mermaid, a flowchart of its components or the
/// sequence of one request; printed as plain text (never through Spectre's markup) so it can be piped into a file.
/// </summary>
internal static class DiagramCommand
{
    public static Command Create()
    {
        var topologyArgument = CommonOptions.Topology();
        var sequence = new Option<bool>("--sequence") { Description = "Print one request's path (a sequenceDiagram) instead of the components (a flowchart)." };
        var command = new Command("diagram", "Print the topology as a Mermaid diagram.") { topologyArgument, sequence };
        command.SetAction(parse =>
        {
            var topology = CliEnvironment.LoadTopology(parse.GetValue(topologyArgument));
            Console.Out.Write(parse.GetValue(sequence) ? SequenceDiagram.Create(topology) : FlowchartDiagram.Create(topology));
            return 0;
        });
        return command;
    }
}
