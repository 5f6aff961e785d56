using System.CommandLine;
using WebInfra.Cli.Supervision;
using WebInfra.Hosts;

namespace WebInfra.Cli.Commands;

/// <summary>
/// <c>webinfra exec SERVER -- COMMAND...</c>: runs a command on one of the running site's servers, or with
/// <c>operator</c> where the servers are reached from, as its kind of host runs it (in the server's network namespace,
/// or simply on this machine for loopback servers). <c>webinfra exec operator -- curl http://ADDRESS/</c> is how a
/// person tries a site whose servers are namespaces.
/// </summary>
internal static class ExecCommand
{
    public static Command Create()
    {
        var server = new Argument<string>("SERVER") { Description = $"A server of the site (lb-01), or '{IHostDriver.OperatorName}' for the operator's place." };
        var commandLine = new Argument<string[]>("COMMAND") { Description = "The command and its arguments, after '--'.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("exec", "Run a command on one of the site's servers (or 'operator'), with the terminal.") { server, commandLine };
        command.SetAction(parse =>
        {
            var state = CliEnvironment.State(parse.GetValue(CommonOptions.StateDirectory));
            var topology = CliEnvironment.RunningTopology(state);
            var name = CliEnvironment.ServerOrOperator(topology, parse.GetValue(server)!);
            return ChildProcess.Run(HostDrivers.For(topology, state.Path).OnServer(name, parse.GetValue(commandLine)!));
        });
        return command;
    }
}
