using System.CommandLine;
using Spectre.Console;
using WebInfra.Topology.Faults;

namespace WebInfra.Cli.Commands;

/// <summary>
/// <c>webinfra slow SERVER --delay 100ms [--jitter 20ms] [--loss 1%]</c>: delays (and drops a share of) every packet a
/// server sends and every packet sent to it, as a slow or lossy link would; <c>--off</c> makes the link fast again.
/// </summary>
internal static class SlowCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var server = new Argument<string>("SERVER") { Description = "A server (server-1), or 'operator'." };
        var delay = new Option<string?>("--delay") { Description = $"Added to each packet, each way: 100ms, 1s (at most {SlowLink.MaxDelay.TotalSeconds:0}s)." };
        var jitter = new Option<string?>("--jitter") { Description = "How far each packet's delay may vary, at most the delay: 20ms." };
        var loss = new Option<string?>("--loss") { Description = "The share of packets lost each way: 1%, 0.5%." };
        var off = new Option<bool>("--off") { Description = "Make the link as fast as it was." };
        var command = new Command("slow", "Make a server's link slow or lossy, both ways, until 'slow SERVER --off'.") { server, delay, jitter, loss, off };
        command.SetAction(parse =>
        {
            var (delayText, jitterText, lossText) = (parse.GetValue(delay), parse.GetValue(jitter), parse.GetValue(loss));
            var name = parse.GetValue(server)!;
            SlowLink? link = null;
            if (parse.GetValue(off))
            {
                if (delayText is not null || jitterText is not null || lossText is not null)
                {
                    throw new UsageException("--off makes the link fast again, so it takes no --delay, --jitter or --loss", $"./webinfra slow {name} --off");
                }
            }
            else
            {
                link = SlowLink.TryCreate(name, delayText, jitterText, lossText, out var error)
                    ?? throw new UsageException(error!, $"for example: ./webinfra slow {name} --delay 100ms --jitter 20ms --loss 1%");
            }

            var network = FaultedNetwork.Of(parse, "slow");
            network.Host(name);
            if (link is null)
            {
                var wasSlow = network.Faults.Fast(name);
                network.Record();
                console.MarkupLineInterpolated(wasSlow ? (FormattableString)$"[green]fast[/]: {name}'s link is as it was" : (FormattableString)$"{name}'s link was not slow: nothing to do");
                return 0;
            }

            network.Faults.Slow(link);
            network.Record();
            console.MarkupLineInterpolated($"[yellow]slow[/]: {link}, both ways ('./webinfra slow {name} --off' ends it)");
            return 0;
        });
        return command;
    }
}
