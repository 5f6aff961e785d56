using Spectre.Console;
using WebInfra.Monitoring.Doctor;

namespace WebInfra.Cli.Rendering;

/// <summary>The table <c>doctor</c> prints: one row a finding, severity coloured, the fix and its snippet under the problem.</summary>
internal static class FindingTable
{
    public static Table Create(DoctorReport report)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("SEVERITY", "RULE", "ABOUT", "PROBLEM AND FIX");
        foreach (var finding in report.Findings)
        {
            var details = new Paragraph()
                .Append(finding.Problem)
                .Append("\nfix: ", new Style(decoration: Decoration.Bold))
                .Append(finding.Fix);
            if (finding.Snippet is { } snippet)
            {
                details.Append("\n" + snippet, new Style(Color.Grey));
            }

            table.AddRow(
                new Markup(Severity(finding.Severity)),
                new Text(finding.Rule),
                new Rows(new Text(finding.Subject), new Text($"line {finding.Location.Line}", new Style(Color.Grey))),
                details);
        }

        return table;
    }

    /// <summary>The line under the table, coloured by the worst severity found.</summary>
    public static Markup Summary(DoctorReport report)
    {
        var colour = report.Errors > 0 ? "red" : report.Warnings > 0 ? "yellow" : "green";
        return new Markup($"[{colour}]{Markup.Escape(report.Summary)}[/] in {Markup.Escape(report.Topology)}\n");
    }

    private static string Severity(FindingSeverity severity) => severity switch
    {
        FindingSeverity.Error => "[red]error[/]",
        FindingSeverity.Warning => "[yellow]warning[/]",
        _ => "[blue]info[/]",
    };
}
