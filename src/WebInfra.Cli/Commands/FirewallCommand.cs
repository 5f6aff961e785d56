using System.CommandLine;
using Spectre.Console;
using WebInfra.Cli.Rendering;
using WebInfra.Topology.Firewall;

namespace WebInfra.Cli.Commands;

/// <summary>
/// <c>webinfra firewall show [TOPOLOGY]</c> lists what each server's firewall lets in; <c>webinfra firewall export
/// SERVER [TOPOLOGY]</c> prints it as an nftables ruleset for a real host. Both read the openings WebInfra enforces on
/// its own listeners, so what runs here and what is loaded on a host are the same rules.
/// </summary>
internal static class FirewallCommand
{
    public static Command Create(IAnsiConsole console) => new("firewall", "Show each server's firewall, or export it as nftables rules.")
    {
        CreateShow(console),
        CreateExport(),
    };

    private static Command CreateShow(IAnsiConsole console)
    {
        var topologyArgument = CommonOptions.Topology();
        var command = new Command("show", "List what each server's firewall lets in, and from where.") { topologyArgument };
        command.SetAction(parse =>
        {
            var topology = CliEnvironment.LoadTopology(parse.GetValue(topologyArgument));
            console.Write(FirewallTable.Create(topology));
            console.MarkupLine(topology.Firewall.Enabled
                ? "[green]firewall on[/]: every other connection is closed at accept (WebInfra's listeners) or dropped (nftables)"
                : "[yellow]firewall off[/]: every port is open to all; these are the openings 'firewall: { enabled: true }' would keep");
            return 0;
        });
        return command;
    }

    private static Command CreateExport()
    {
        var serverArgument = new Argument<string>("server") { Description = "The server whose rules to print, e.g. server-1." };
        var topologyArgument = CommonOptions.Topology();
        var command = new Command("export", "Print a server's firewall as an nftables ruleset (check with 'nft -c -f FILE', load with 'nft -f FILE').")
        {
            serverArgument,
            topologyArgument,
        };
        command.SetAction(parse =>
        {
            var topology = CliEnvironment.LoadTopology(parse.GetValue(topologyArgument));
            var name = parse.GetValue(serverArgument)!;
            var server = topology.FindServer(name)
                ?? throw new UsageException($"the topology has no server '{name}'", $"servers: {string.Join(", ", topology.Servers.Select(s => s.Name))}");
            Console.Out.Write(NftablesRuleset.Create(ServerFirewall.For(topology, server), topology.Site.Name, topology.SourcePath));
            return 0;
        });
        return command;
    }
}
