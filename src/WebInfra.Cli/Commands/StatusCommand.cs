using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Rendering;
using WebInfra.Cli.Rendering;
using WebInfra.Topology.Loading;

namespace WebInfra.Cli.Commands;

/// <summary>
/// <c>webinfra status [--json | --watch [--interval 1s]]</c>: every node with its server, role, address, pid and state,
/// then each backend's members as each running balancer or web server sees them; with <c>--watch</c>, refreshed until
/// Ctrl+C: in place on a terminal, and one view after another when the output is redirected (a pipe or a file has no cursor to move back).
/// </summary>
internal static class StatusCommand
{
    private static readonly TimeSpan s_defaultInterval = TimeSpan.FromSeconds(1);

    public static Command Create(IAnsiConsole console)
    {
        var json = CommonOptions.Json();
        var watch = new Option<bool>("--watch") { Description = "Refresh the view until Ctrl+C (in place on a terminal; one view after another when redirected)." };
        var interval = new Option<TimeSpan>("--interval")
        {
            Description = "Time between refreshes with --watch, as in topology files: 500ms, 1s, 5s. Default: 1s.",
            DefaultValueFactory = _ => s_defaultInterval,
            CustomParser = ParseInterval,
        };
        var command = new Command("status", "Show every node of the running site and whether it is up.") { json, watch, interval };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var watching = parse.GetValue(watch);
            if (watching && parse.GetValue(json))
            {
                throw new UsageException("--watch cannot be combined with --json", "for scripts, run 'webinfra status --json' at the interval you need; --watch redraws a table for people");
            }

            if (!watching && parse.GetResult(interval) is { Implicit: false })
            {
                throw new UsageException("--interval only applies with --watch", "run 'webinfra status --watch --interval 2s'");
            }

            var (state, topology) = CliEnvironment.Running(parse);
            Task<StatusView> ReadAsync(CancellationToken token) => StatusView.ReadAsync(topology, state, console, token);
            if (watching)
            {
                await WatchAsync(console, ReadAsync, parse.GetValue(interval), cancellationToken);
                return 0;
            }

            var view = await ReadAsync(cancellationToken);
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(view.ToDocument(), StatusJsonContext.Default.StatusDocument));
            }
            else
            {
                console.Write(view.Render());
            }

            return 0;
        });
        return command;
    }

    /// <summary>
    /// Reads and renders the view every <paramref name="interval"/> until Ctrl+C. On a terminal Spectre's live display
    /// redraws it in place; otherwise (a pipe, a file) each view is printed after the previous one, since there is no
    /// cursor to move back.
    /// </summary>
    private static async Task WatchAsync(IAnsiConsole console, Func<CancellationToken, Task<StatusView>> read, TimeSpan interval, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
        {
            // Ctrl+C ends the watch, not the process: the last view stays on the screen and the exit code is 0.
            e.Cancel = true;
            stop.Cancel();
        }

        async Task<IRenderable> FrameAsync()
        {
            var view = await read(stop.Token);
            var caption = new Text(
                string.Create(CultureInfo.InvariantCulture, $"{DateTimeOffset.Now:HH:mm:ss}, refreshed every {interval.TotalSeconds:0.###} s; Ctrl+C to stop"),
                new Style(Color.Grey));
            return new Rows(caption, view.Render());
        }

        Console.CancelKeyPress += OnCancelKeyPress;
        try
        {
            if (console.Profile.Out.IsTerminal && console.Profile.Capabilities.Ansi)
            {
                await console.Live(await FrameAsync()).StartAsync(async live =>
                {
                    while (await PauseAsync(interval, stop.Token))
                    {
                        live.UpdateTarget(await FrameAsync());
                    }
                });
            }
            else
            {
                console.Write(await FrameAsync());
                while (await PauseAsync(interval, stop.Token))
                {
                    console.Write(await FrameAsync());
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopped in the middle of a reading: nothing more to show.
        }
        finally
        {
            Console.CancelKeyPress -= OnCancelKeyPress;
        }
    }

    /// <summary>Waits for the next refresh; false once the watch is stopped.</summary>
    private static async Task<bool> PauseAsync(TimeSpan interval, CancellationToken stop)
    {
        try
        {
            await Task.Delay(interval, stop);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static TimeSpan ParseInterval(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        if (DurationParser.TryParse(text, out var value) && value >= TimeSpan.FromMilliseconds(100))
        {
            return value;
        }

        result.AddError($"--interval '{text}' is not a duration of at least 100ms (write it with a unit: 500ms, 1s, 5s)");
        return s_defaultInterval;
    }
}
