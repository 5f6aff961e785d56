using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using WebInfra.Balancer.Administration;
using WebInfra.Cli.Rendering;
using WebInfra.Cli.Supervision;
using WebInfra.Topology.Model;

namespace WebInfra.Cli.Commands;

/// <summary>
/// <c>webinfra status [--json]</c>: every node with its server, role, address, pid and state, then each backend's
/// members as each running balancer or web server sees them.
/// </summary>
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
            var backends = await BackendsAsync(nodes, cancellationToken);
            if (parse.GetValue(json))
            {
                var document = new StatusDocument(
                    NodeTable.SiteUrl(topology),
                    [.. nodes.Select(n => new StatusNode(n.Component.Name, n.Component.ServerName, n.Role.ToName(), n.Component.Authority, n.Pid, NodeTable.StateName(n.State)))],
                    backends);
                Console.Out.WriteLine(JsonSerializer.Serialize(document, StatusJsonContext.Default.StatusDocument));
            }
            else
            {
                console.Write(NodeTable.Create(nodes));
                if (backends.Count > 0)
                {
                    console.Write(BackendTable.Create(backends));
                }

                console.MarkupLineInterpolated($"site: {NodeTable.SiteUrl(topology)}/");
            }

            return 0;
        });
        return command;
    }

    /// <summary>The backend of every running forwarding component, from its admin listener; one that does not answer is left out.</summary>
    private static async Task<IReadOnlyList<BackendStatus>> BackendsAsync(IReadOnlyList<NodeStatus> nodes, CancellationToken cancellationToken)
    {
        var views = await Task.WhenAll(nodes
            .Where(n => n.Component.Backend is not null && n.State != NodeState.Down)
            .Select(n => BackendAdminClient.GetAsync(n.Component, cancellationToken)));
        return [.. views.OfType<BackendStatus>()];
    }
}
