using System.CommandLine;
using Spectre.Console;
using WebInfra.Cli.Supervision;

namespace WebInfra.Cli.Commands;

/// <summary>
/// <c>webinfra drain TARGET</c> and <c>webinfra undrain TARGET</c>: take a server's backend members (or one member)
/// out of service without failing a request, and bring them back.
/// </summary>
internal static class DrainCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var target = CommonOptions.Target("A server (server-1: its web and app servers) or a backend member (server-1/web).");
        var timeout = new Option<int>("--timeout")
        {
            Description = "Seconds to wait for the requests in flight to finish.",
            DefaultValueFactory = _ => 30,
        };
        timeout.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 3600)
            {
                result.AddError("--timeout must be from 1 to 3600 seconds");
            }
        });
        var command = new Command("drain", "Stop sending new requests to a server's members and wait for those in flight to finish.") { target, timeout };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (_, topology) = CliEnvironment.Running(parse);
            var drainer = new MemberDrainer(topology, console);
            var members = drainer.MembersAmong(CliEnvironment.Resolve(topology, parse.GetValue(target)!), parse.GetValue(target)!);
            await drainer.DrainAsync(members, TimeSpan.FromSeconds(parse.GetValue(timeout)), skipStopped: false, cancellationToken);
            return 0;
        });
        return command;
    }

    public static Command CreateUndrain(IAnsiConsole console)
    {
        var target = CommonOptions.Target("A server (server-1) or a backend member (server-1/web).");
        var command = new Command("undrain", "Send requests to drained members again.") { target };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (_, topology) = CliEnvironment.Running(parse);
            var drainer = new MemberDrainer(topology, console);
            await drainer.UndrainAsync(drainer.MembersAmong(CliEnvironment.Resolve(topology, parse.GetValue(target)!), parse.GetValue(target)!), cancellationToken);
            return 0;
        });
        return command;
    }
}
