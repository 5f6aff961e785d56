using System.CommandLine;
using Spectre.Console;
using WebInfra.Cli.Supervision;

namespace WebInfra.Cli.Commands;

/// <summary><c>webinfra start TARGET</c>: start a killed or stopped server or component again.</summary>
internal static class StartCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var target = CommonOptions.Target("A server (server-1) or a component (server-1/web).");
        var command = new Command("start", "Start a server or component again and wait until it is healthy.") { target };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (state, topology) = CliEnvironment.Running(parse);
            await new Supervisor(topology, state, console).StartAsync(CliEnvironment.Resolve(topology, parse.GetValue(target)!), cancellationToken);
            return 0;
        });
        return command;
    }
}
