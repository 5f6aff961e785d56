using System.CommandLine;
using Spectre.Console;
using WebInfra.Cli.Rendering;
using WebInfra.Cli.Supervision;

namespace WebInfra.Cli.Commands;

/// <summary>
/// <c>webinfra reload [TOPOLOGY]</c> and <c>webinfra diff [TOPOLOGY]</c>: apply a changed topology to the running site
/// without restarting what stays, and print beforehand what that would change. The file is validated whole first; an
/// invalid file, or one with a change that cannot be applied live, changes nothing (exit 2).
/// </summary>
internal static class ReloadCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var topologyArgument = TopologyArgument();
        var command = new Command("reload", "Apply a changed topology to the running site: members added, removed (drained first) or re-weighted, settings changed, without a restart.") { topologyArgument };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (state, running) = CliEnvironment.Running(parse);
            var runState = state.Load()!;
            var path = parse.GetValue(topologyArgument) ?? runState.Topology;
            var (text, next) = AppliedTopology.Read(path);
            using var changeLock = ChangeLock.Acquire(state, $"reload of {path}");
            var diff = await TopologyReload.DiffAsync(state, running, next, cancellationToken);
            ChangeList.Write(console, diff);
            ThrowIfRefused(diff);
            if (diff.Added.Count > 0)
            {
                CertCommand.EnsureInternal(console, state.Path, next);
            }

            await new TopologyReload(state, console).ApplyAsync(runState, diff, text, cancellationToken);
            console.MarkupLineInterpolated($"[bold]{next.Site.Name}[/] runs {next.SourcePath}");
            return 0;
        });
        return command;
    }

    public static Command CreateDiff(IAnsiConsole console)
    {
        var topologyArgument = TopologyArgument();
        var command = new Command("diff", "Print what a reload of the topology would change in the running site, and how.") { topologyArgument };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (state, running) = CliEnvironment.Running(parse);
            var next = CliEnvironment.LoadTopology(parse.GetValue(topologyArgument) ?? state.Load()!.Topology);
            var diff = await TopologyReload.DiffAsync(state, running, next, cancellationToken);
            ChangeList.Write(console, diff);
            ThrowIfRefused(diff);
            return 0;
        });
        return command;
    }

    private static Argument<string?> TopologyArgument() => new("topology")
    {
        Description = "The topology file. Default: the running site's.",
        Arity = ArgumentArity.ZeroOrOne,
    };

    private static void ThrowIfRefused(Topology.Changes.TopologyDiff diff)
    {
        if (diff.IsRefused)
        {
            throw new UsageException(
                "the reload is refused: the changes marked refused cannot be applied to the running site, so nothing was changed",
                "change the file as the reasons above say, check it with './webinfra diff', then reload");
        }
    }
}
