using System.CommandLine;
using Spectre.Console;
using WebInfra.Cli.Supervision;

namespace WebInfra.Cli.Commands;

/// <summary><c>webinfra logs TARGET</c>: the end of a node's log.</summary>
internal static class LogsCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var target = CommonOptions.Target("A component (server-1/web), or a server for all of its components.");
        var lines = new Option<int>("--lines", "-n") { Description = "How many lines from the end.", DefaultValueFactory = _ => 50 };
        var command = new Command("logs", "Show the end of a node's log.") { target, lines };
        command.SetAction(parse =>
        {
            var (state, topology) = CliEnvironment.Running(parse);
            var supervisor = new Supervisor(topology, state, console);
            foreach (var component in CliEnvironment.Resolve(topology, parse.GetValue(target)!))
            {
                var (file, tail) = supervisor.Log(component, parse.GetValue(lines));
                console.MarkupLineInterpolated($"[bold]==> {component.Name}[/] [grey]({file})[/]");
                foreach (var line in tail)
                {
                    Console.Out.WriteLine(line);
                }
            }

            return 0;
        });
        return command;
    }
}
