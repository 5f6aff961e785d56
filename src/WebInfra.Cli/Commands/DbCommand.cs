using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using WebInfra.Cli.Rendering;
using WebInfra.Cli.Supervision;
using WebInfra.Hosting.Administration;

namespace WebInfra.Cli.Commands;

/// <summary>
/// <c>webinfra db status [--json]</c>, <c>webinfra db switchover --to TARGET</c> and <c>webinfra db repair NODE
/// [--inject [--yes]]</c>: the database cluster as the monitor sees it (or, with no monitor running, as the nodes
/// report it), the planned hand-over of the primary role, and ridding a node of its errant transactions.
/// </summary>
internal static class DbCommand
{
    private static readonly JsonSerializerOptions s_indented = new(AdminJson.Options) { WriteIndented = true };

    public static Command Create(IAnsiConsole console) => new("db", "The database cluster: its state, switching the primary, and repairing a node.")
    {
        CreateStatus(console),
        CreateSwitchover(console),
        CreateRepair(console),
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
            var target = CliEnvironment.ResolveDatabaseNode(topology, parse.GetValue(to)!);
            _ = topology.Monitor
                ?? throw new SupervisorException($"the topology {topology.SourcePath} has no database monitor; a switchover is the monitor's job: add 'monitor: {{ port: 8090 }}' to a server");
            var monitor = await MonitorAdminClient.LeaderAsync(topology, cancellationToken);
            console.WriteLine(await MonitorAdminClient.SwitchoverAsync(monitor, target.Name, cancellationToken));
            return 0;
        });
        return command;
    }

    private static Command CreateRepair(IAnsiConsole console)
    {
        var target = CommonOptions.Target("The database node holding errant transactions, e.g. server-2/db.");
        var inject = new Option<bool>("--inject")
        {
            Description = "Keep the node's data: commit one empty transaction under each errant GTID on the primary, so they are part of its history.",
        };
        var yes = new Option<bool>("--yes") { Description = "With --inject, do not ask for confirmation." };
        var command = new Command(
            "repair",
            "Rid a database node of its errant transactions (GTIDs the primary does not have): rebuild it as a clone of a healthy node, " +
            "its old data kept aside until the clone runs; or, with --inject, make them part of the primary's history.")
        {
            target,
            inject,
            yes,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (state, topology) = CliEnvironment.Running(parse);
            var component = CliEnvironment.ResolveDatabaseNode(topology, parse.GetValue(target)!);
            using var _ = ChangeLock.Acquire(state, $"db repair of {component.Name}");
            var cluster = await ClusterView.ReadAsync(topology, state, cancellationToken);
            var status = DatabaseRepair.Repairable(cluster, component.Name);
            var repair = new DatabaseRepair(topology, state, console);
            if (!parse.GetValue(inject))
            {
                await repair.CloneAsync(component, status, cancellationToken);
                return 0;
            }

            var question = $"Commit {status.ErrantGtids!.Count} empty transaction(s) on the primary {cluster.Primary} under {string.Join(",", status.ErrantGtids)}, "
                + $"making them part of its history (the data of those transactions stays on {component.Name} only)?";
            if (!parse.GetValue(yes) && !Confirmed(console, question))
            {
                console.WriteLine("nothing was changed");
                return 1;
            }

            await repair.InjectAsync(component, status, cluster, cancellationToken);
            return 0;
        });
        return command;
    }

    /// <summary>Asks <paramref name="question"/> on the terminal; with no terminal to ask on, refuses.</summary>
    /// <exception cref="UsageException">Standard input is not a terminal.</exception>
    private static bool Confirmed(IAnsiConsole console, string question) =>
        Console.IsInputRedirected || !console.Profile.Capabilities.Interactive
            ? throw new UsageException("--inject changes the primary's history and asks first, but there is no terminal to ask on", "pass --yes to confirm")
            : console.Confirm(question, defaultValue: false);
}
