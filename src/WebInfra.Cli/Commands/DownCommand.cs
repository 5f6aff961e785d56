using System.CommandLine;
using Spectre.Console;
using WebInfra.Cli.Supervision;

namespace WebInfra.Cli.Commands;

/// <summary><c>webinfra down [--purge]</c>: stop everything <c>up</c> started; nothing is left running.</summary>
internal static class DownCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var purge = new Option<bool>("--purge") { Description = "Also delete the run state: logs, secrets and database data." };
        var command = new Command("down", "Stop every component of the site.") { purge };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var state = CliEnvironment.State(parse.GetValue(CommonOptions.StateDirectory));
            await Supervisor.DownAsync(state, console, parse.GetValue(purge), cancellationToken);
            console.MarkupLine("[green]down[/]: nothing of the site is running");
            return 0;
        });
        return command;
    }
}
