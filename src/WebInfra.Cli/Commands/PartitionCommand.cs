using System.CommandLine;
using Spectre.Console;

namespace WebInfra.Cli.Commands;

/// <summary>
/// <c>webinfra partition A B [B...] [--one-way]</c>: drops every packet between two servers (or a server and the
/// operator), as a cut cable would; with several B, A is cut off from each of them at once, in one command, so a fault
/// such as "the primary cut off from its replicas and the monitors" starts in one moment. <c>webinfra heal [A B]</c>
/// ends one partition, or every one.
/// </summary>
internal static class PartitionCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var a = new Argument<string>("A") { Description = "A server (lb-01), or 'operator'." };
        var b = new Argument<string[]>("B") { Description = "Another server (server-1), or 'operator'; several cut A off from each of them.", Arity = ArgumentArity.OneOrMore };
        var oneWay = new Option<bool>("--one-way") { Description = "Drop only A's packets for each B; B's for A still pass." };
        var command = new Command("partition", "Drop the traffic between a server and one or more others, until 'heal'.") { a, b, oneWay };
        command.SetAction(parse =>
        {
            var network = FaultedNetwork.Of(parse, "partition");
            var from = network.Host(parse.GetValue(a)!);
            var others = parse.GetValue(b)!.Select(network.Host).Distinct(StringComparer.Ordinal).ToList();
            if (others.Contains(from, StringComparer.Ordinal))
            {
                throw new UsageException($"a partition is between two hosts, and '{from}' was named twice", "for example: ./webinfra partition lb-01 server-1");
            }

            foreach (var to in others)
            {
                network.Faults.Partition(from, to, parse.GetValue(oneWay));
            }

            network.Record();
            var targets = string.Join(", ", others);
            var heal = others.Count == 1 ? $"'./webinfra heal {from} {targets}' ends it" : $"'./webinfra heal {from} {others[0]}' ends one, './webinfra heal' every one";
            console.MarkupLineInterpolated(parse.GetValue(oneWay)
                ? (FormattableString)$"[yellow]partition[/]: {from}'s packets for {targets} are dropped ({heal})"
                : (FormattableString)$"[yellow]partition[/]: every packet between {from} and {targets} is dropped ({heal})");
            return 0;
        });
        return command;
    }

    public static Command CreateHeal(IAnsiConsole console)
    {
        var hosts = new Argument<string[]>("A B") { Description = "The two servers of one partition; without them, every partition ends.", Arity = new ArgumentArity(0, 2) };
        var command = new Command("heal", "End a partition, or every one.") { hosts };
        command.SetAction(parse =>
        {
            var names = parse.GetValue(hosts) ?? [];
            if (names.Length == 1)
            {
                throw new UsageException($"'heal' takes both servers of a partition, or none for every partition; only '{names[0]}' was given", $"./webinfra heal {names[0]} OTHER, or ./webinfra heal");
            }

            var network = FaultedNetwork.Of(parse, "heal");
            var pair = names.Length == 2 ? (network.Host(names[0]), network.Host(names[1])) : default;
            var healed = network.Faults.Heal(pair.Item1, pair.Item2);
            network.Record();
            console.MarkupLineInterpolated((healed, names.Length) switch
            {
                (true, 2) => (FormattableString)$"[green]healed[/]: {pair.Item1} and {pair.Item2} reach each other again",
                (false, 2) => (FormattableString)$"no partition between {pair.Item1} and {pair.Item2}: nothing to heal",
                (true, _) => (FormattableString)$"[green]healed[/]: every partition ended",
                _ => (FormattableString)$"no partition: nothing to heal",
            });
            return 0;
        });
        return command;
    }
}
