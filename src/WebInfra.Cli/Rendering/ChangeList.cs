using Spectre.Console;
using WebInfra.Topology.Changes;

namespace WebInfra.Cli.Rendering;

/// <summary>What <c>diff</c> and <c>reload</c> print of a <see cref="TopologyDiff"/>: each group's changes, each with how a reload carries it out.</summary>
internal static class ChangeList
{
    public static void Write(IAnsiConsole console, TopologyDiff diff)
    {
        console.MarkupLineInterpolated($"[bold]{diff.Running.SourcePath}[/] (running) -> [bold]{diff.Next.SourcePath}[/]");
        if (diff.IsEmpty)
        {
            console.MarkupLine("nothing to change");
            return;
        }

        foreach (var group in diff.Changes.GroupBy(c => c.Group))
        {
            console.MarkupLineInterpolated($"[bold]{group.Key}[/]");
            foreach (var change in group)
            {
                var (color, word) = Effect(change.Effect);
                console.MarkupLineInterpolated($"  {change.Description}  [{color}]{word}[/]");
                if (change.Reason is { } reason)
                {
                    var where = change.Location is { } location ? $"{location}: " : string.Empty;
                    console.MarkupLineInterpolated($"    [grey]{where}{reason}[/]");
                }
            }
        }

        var refused = diff.Changes.Count(c => c.Effect == ChangeEffect.Refused);
        if (refused > 0)
        {
            console.MarkupLineInterpolated($"[red]{refused} change(s) refused:[/] a reload of this file changes nothing");
        }
        else
        {
            console.MarkupLineInterpolated($"a reload applies {diff.Changes.Count} change(s): {diff.Added.Count} component(s) started, {diff.Removed.Count} drained and stopped, no balancer restarted");
        }
    }

    private static (string Color, string Word) Effect(ChangeEffect effect) => effect switch
    {
        ChangeEffect.Live => ("green", "live"),
        ChangeEffect.Start => ("yellow", "start"),
        ChangeEffect.Stop => ("yellow", "drain, stop"),
        _ => ("red", "refused"),
    };
}
