using Spectre.Console;
using WebInfra.Topology.Model;

namespace WebInfra.Cli.Deploying;

/// <summary>
/// Shows a rolling deploy as it goes: which server is at which step, on a live status line (Spectre.Console's spinner)
/// when the output is a terminal, and as one plain line per step in every case, so a redirected output or a CI log
/// reads the same story.
/// </summary>
internal sealed class DeployProgress(IAnsiConsole console)
{
    private StatusContext? _status;

    /// <summary>Runs <paramref name="work"/> under the live status line, titled <paramref name="title"/>.</summary>
    public async Task RunAsync(string title, Func<Task> work)
    {
        console.MarkupLineInterpolated($"[bold]{title}[/]");
        if (console.Profile.Out.IsTerminal && console.Profile.Capabilities.Ansi)
        {
            await console.Status().StartAsync(title, async context =>
            {
                _status = context;
                await work();
            });
        }
        else
        {
            await work();
        }
    }

    /// <summary><paramref name="server"/>, the <paramref name="index"/>th of <paramref name="count"/>, is now at <paramref name="step"/>.</summary>
    public void Step(Server server, int index, int count, string step)
    {
        _status?.Status(Markup.Escape($"{server.Name} ({index}/{count}): {step}"));
        console.MarkupLineInterpolated($"[blue]{server.Name}[/] [grey]({index}/{count})[/] {step}");
    }
}
