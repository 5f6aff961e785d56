using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using WebInfra.Cli.Rendering;
using WebInfra.Cli.Supervision;
using WebInfra.Topology.Model;

namespace WebInfra.Cli.Commands;

/// <summary><c>webinfra status [--json]</c>: every node with its server, role, address, pid and state.</summary>
internal static class StatusCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON for scripts instead of a table." };
        var command = new Command("status", "Show every node of the running site and whether it is up.") { json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (state, topology) = CliEnvironment.Running(parse);
            var nodes = await new Supervisor(topology, state, console).StatusAsync(cancellationToken);
            if (parse.GetValue(json))
            {
                var document = new StatusDocument(
                    NodeTable.SiteUrl(topology),
                    [.. nodes.Select(n => new StatusNode(n.Component.Name, n.Component.ServerName, n.Component.Role.ToName(), n.Component.Authority, n.Pid, NodeTable.StateName(n.State)))]);
                Console.Out.WriteLine(JsonSerializer.Serialize(document, StatusJsonContext.Default.StatusDocument));
            }
            else
            {
                console.Write(NodeTable.Create(nodes));
                console.MarkupLineInterpolated($"site: {NodeTable.SiteUrl(topology)}/");
            }

            return 0;
        });
        return command;
    }
}
