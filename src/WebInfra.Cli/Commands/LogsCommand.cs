using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using WebInfra.Cli.Supervision;
using WebInfra.Hosting;
using WebInfra.Hosting.AccessLogs;
using WebInfra.Hosts;
using WebInfra.Topology.Model;

namespace WebInfra.Cli.Commands;

/// <summary>
/// <c>webinfra logs TARGET</c>: the end of a node's log; with <c>--access</c>, of a balancer's or web server's access
/// log, and with <c>--rate</c> the requests per second it logged over the last seconds.
/// </summary>
internal static class LogsCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var target = CommonOptions.Target("A component (server-1/web), or a server for all of its components.");
        var lines = new Option<int>("--lines", "-n") { Description = "How many lines from the end.", DefaultValueFactory = _ => 50 };
        var access = new Option<bool>("--access") { Description = "The access log (one line per request) of a balancer or web server, or of each on a server." };
        var rate = new Option<bool>("--rate") { Description = "With --access: requests per second over the last --seconds, read from the access log." };
        var seconds = new Option<int>("--seconds") { Description = "With --rate: how many seconds back.", DefaultValueFactory = _ => 10 };
        var command = new Command("logs", "Show the end of a node's log, or of its access log.") { target, lines, access, rate, seconds };
        command.SetAction(parse =>
        {
            var (state, topology) = CliEnvironment.Running(parse);
            var supervisor = new Supervisor(topology, state, console);
            var components = CliEnvironment.Resolve(topology, parse.GetValue(target)!);
            if (parse.GetValue(rate) && !parse.GetValue(access))
            {
                throw new UsageException("--rate reads the access log", "add --access");
            }

            if (!parse.GetValue(access))
            {
                foreach (var component in components)
                {
                    Print(console, component, supervisor.Log(component, parse.GetValue(lines)));
                }

                return 0;
            }

            foreach (var component in WithAccessLog(topology, components, parse.GetValue(target)!))
            {
                if (parse.GetValue(rate))
                {
                    var window = Math.Max(1, parse.GetValue(seconds));
                    var end = DateTime.UtcNow;
                    PrintRate(console, component, supervisor.AccessLogSince(component, end.AddSeconds(-window - 1)), end, window);
                }
                else
                {
                    Print(console, component, supervisor.AccessLog(component, parse.GetValue(lines)));
                }
            }

            return 0;
        });
        return command;
    }

    /// <summary>The components of the target that keep an access log; bad input when there is none (a database node, an application server).</summary>
    private static List<Component> WithAccessLog(Topology.Model.Topology topology, IReadOnlyList<Component> components, string target)
    {
        if (!topology.Site.AccessLog.Enabled)
        {
            throw new UsageException($"access logs are off in {topology.SourcePath} (site.access_log: off)", "remove 'access_log: off' and restart the balancers and web servers");
        }

        var logged = components.Where(c => ComponentContext.KeepsAccessLog(c.Kind)).ToList();
        return logged.Count > 0
            ? logged
            : throw new UsageException(
                $"{target} keeps no access log: only balancers and web servers do",
                $"access logs: {string.Join(", ", topology.Components.Where(c => ComponentContext.KeepsAccessLog(c.Kind)).Select(c => c.Name))}");
    }

    private static void Print(IAnsiConsole console, Component component, LogExcerpt log)
    {
        console.MarkupLineInterpolated($"[bold]==> {component.Name}[/] [grey]({log.Source})[/]");
        foreach (var line in log.Lines)
        {
            Console.Out.WriteLine(line);
        }
    }

    private static void PrintRate(IAnsiConsole console, Component component, LogExcerpt log, DateTime end, int seconds)
    {
        var counts = AccessLogRate.PerSecond(log.Lines, end, seconds);
        console.MarkupLineInterpolated($"[bold]==> {component.Name}[/] [grey]({log.Source})[/]");
        var first = new DateTime(end.Ticks - end.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc).AddSeconds(-counts.Count);
        for (var i = 0; i < counts.Count; i++)
        {
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{first.AddSeconds(i):HH:mm:ss}Z {counts[i],8} req/s"));
        }

        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"mean {counts.Average():F1} req/s over the last {counts.Count} s"));
    }
}
