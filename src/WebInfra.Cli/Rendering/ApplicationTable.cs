using System.Globalization;
using Spectre.Console;
using WebInfra.App.Application;

namespace WebInfra.Cli.Rendering;

/// <summary>The table of the user's applications <c>status</c> prints when the site runs any: phase, process and restarts.</summary>
internal static class ApplicationTable
{
    public static Table Create(IReadOnlyList<ApplicationStatus> applications)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("APPLICATION", "COMMAND", "PHASE", "PID", "RESTARTS", "LAST EXIT");
        foreach (var application in applications)
        {
            table.AddRow(
                new Text(application.Component),
                new Text(application.Command),
                new Markup(application.Phase switch
                {
                    ApplicationPhase.Serving => "[green]serving[/]",
                    ApplicationPhase.Starting => "[yellow]starting[/]",
                    var other => $"[red]{other.ToString().ToLowerInvariant()}[/]",
                }),
                new Text(application.Pid?.ToString(CultureInfo.InvariantCulture) ?? "-"),
                new Text(application.Restarts.ToString(CultureInfo.InvariantCulture)),
                new Text(application.LastExit ?? "-"));
        }

        return table;
    }
}
