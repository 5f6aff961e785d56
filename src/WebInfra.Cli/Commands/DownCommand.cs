using System.CommandLine;
using Spectre.Console;
using WebInfra.Cli.Supervision;

namespace WebInfra.Cli.Commands;

/// <summary><c>webinfra down [--purge]</c>: stop everything <c>up</c> started; nothing is left running.</summary>
internal static class DownCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var purge = new Option<bool>("--purge") { Description = "Also delete the run state (logs, secrets and database data) and what the site keeps on its SSH hosts (its user, builds and files)." };
        var yes = new Option<bool>("--yes", "-y") { Description = "Purge without asking first (asked only at a terminal)." };
        var command = new Command("down", "Stop every component of the site.") { purge, yes };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var state = CliEnvironment.State(parse.GetValue(CommonOptions.StateDirectory));
            if (parse.GetValue(purge) && !parse.GetValue(yes) && console.Profile.Capabilities.Interactive && !Console.IsInputRedirected
                && !await console.ConfirmAsync($"Delete {state.Path} (logs, secrets, database data) and everything the site keeps on its SSH hosts?", defaultValue: false, cancellationToken))
            {
                console.MarkupLine("[grey]nothing was stopped or deleted[/]");
                return 1;
            }

            await Supervisor.DownAsync(state, console, parse.GetValue(purge), cancellationToken);
            console.MarkupLine("[green]down[/]: nothing of the site is running");
            return 0;
        });
        return command;
    }
}
