using System.CommandLine;
using Spectre.Console;
using WebInfra.Cli.Supervision;

namespace WebInfra.Cli.Commands;

/// <summary><c>webinfra kill TARGET</c>: SIGKILL a server's components or one component, as a crash would.</summary>
internal static class KillCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var target = CommonOptions.Target("A server (server-1) or a component (server-1/web).");
        var command = new Command("kill", "Kill a server or component with SIGKILL, as a crash would; a whole server also falls silent on its network.") { target };
        command.SetAction(parse =>
        {
            var (state, topology) = CliEnvironment.Running(parse);
            var name = parse.GetValue(target)!;
            new Supervisor(topology, state, console).Kill(CliEnvironment.Resolve(topology, name), topology.FindServer(name));
            return 0;
        });
        return command;
    }
}
