using System.Globalization;
using Spectre.Console;
using WebInfra.Balancer.Administration;

namespace WebInfra.Cli.Rendering;

/// <summary>The table of backends <c>status</c> prints: each member as each forwarding component sees it.</summary>
internal static class BackendTable
{
    public static Table Create(IEnumerable<BackendStatus> backends)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumns("BACKEND", "SEEN BY", "MEMBER", "WEIGHT", "STATE", "IN FLIGHT");
        foreach (var backend in backends)
        {
            foreach (var member in backend.Members)
            {
                table.AddRow(
                    new Text(backend.Name),
                    new Text(backend.SeenBy),
                    new Text(member.Backup ? $"{member.Name} (backup)" : member.Name),
                    new Text(member.Weight.ToString(CultureInfo.InvariantCulture)),
                    new Markup(member.State switch
                    {
                        "UP" => "[green]UP[/]",
                        "DOWN" => "[red]DOWN[/]",
                        "DRAIN" => "[yellow]DRAIN[/]",
                        _ => "[grey]BACKUP[/]",
                    }),
                    new Text(member.InFlight.ToString(CultureInfo.InvariantCulture)));
            }
        }

        return table;
    }
}
