using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using WebInfra.Cli.Rendering;
using WebInfra.Cli.Supervision;
using WebInfra.Hosting.Administration;
using WebInfra.Topology.Model;

namespace WebInfra.Cli.Commands;

/// <summary>
/// <c>webinfra db status [--json]</c> and <c>webinfra db switchover --to TARGET</c>: the database cluster as the
/// monitor sees it (or, with no monitor running, as the nodes report it), and the planned hand-over of the primary role.
/// </summary>
internal static class DbCommand
{
    private static readonly JsonSerializerOptions s_indented = new(AdminJson.Options) { WriteIndented = true };

    public static Command Create(IAnsiConsole console) => new("db", "The database cluster: its state, and switching the primary.")
    {
        CreateStatus(console),
        CreateSwitchover(console),
    };

    private static Command CreateStatus(IAnsiConsole console)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON for scripts instead of a table." };
        var command = new Command("status", "Show each database node's role, GTID position, replication state and lag.") { json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (state, topology) = CliEnvironment.Running(parse);
            var cluster = await ClusterView.ReadAsync(topology, state, cancellationToken);
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(cluster, s_indented));
            }
            else
            {
                console.Write(ClusterTable.Create(cluster));
                console.WriteLine(ClusterTable.Summary(cluster));
                foreach (var risk in ClusterTable.Risks(cluster))
                {
                    console.MarkupLineInterpolated($"[yellow]warning:[/] {risk}");
                }
            }

            return 0;
        });
        return command;
    }

    private static Command CreateSwitchover(IAnsiConsole console)
    {
        var to = new Option<string>("--to") { Description = "The replica to make the primary, e.g. server-2/db.", Required = true };
        var command = new Command("switchover", "Hand the primary role to a replica, losing no acknowledged write.") { to };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (_, topology) = CliEnvironment.Running(parse);
            var name = parse.GetValue(to)!;
            var target = CliEnvironment.Resolve(topology, name).FirstOrDefault(c => c.Kind == ComponentKind.Database)
                ?? throw new UsageException(
                    $"'{name}' is not a database node",
                    $"database nodes: {string.Join(", ", topology.DatabaseNodes.Select(c => c.Name))}");
            _ = topology.Monitor
                ?? throw new SupervisorException($"the topology {topology.SourcePath} has no database monitor; a switchover is the monitor's job: add 'monitor: {{ port: 8090 }}' to a server");
            var monitor = await MonitorAdminClient.LeaderAsync(topology, cancellationToken);
            console.WriteLine(await MonitorAdminClient.SwitchoverAsync(monitor, target.Name, cancellationToken));
            return 0;
        });
        return command;
    }

}
