using System.CommandLine;
using Spectre.Console;
using WebInfra.Cli.Supervision;

namespace WebInfra.Cli.Commands;

/// <summary>
/// <c>webinfra restart TARGET</c>: replace a component's process (or each of a server's) with a new one, this build of
/// WebInfra, without refusing or resetting a connection (<see cref="Supervisor.RestartAsync"/>).
/// </summary>
internal static class RestartCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var target = CommonOptions.Target("A component (lb-01/balancer, server-1/web) or a server (server-1: each of its components).");
        var command = new Command(
            "restart",
            "Replace a component's process with a new one without dropping a connection: the new process takes over the old one's " +
            "listening sockets, and the old one finishes its requests and exits. Balancers, web servers, monitors and the sample " +
            "board's application servers are taken over; database nodes, keepalived, DNS servers and application servers that " +
            "run your own application are stopped, then started (to restart a primary without losing writes, first make " +
            "another node primary with 'webinfra db switchover --to NODE').")
        {
            target,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (state, topology) = CliEnvironment.Running(parse);
            var name = parse.GetValue(target)!;
            var components = CliEnvironment.Resolve(topology, name);
            using var _ = ChangeLock.Acquire(state, $"restart of {name}");
            await new Supervisor(topology, state, console).RestartAsync(components, cancellationToken);
            return 0;
        });
        return command;
    }
}
