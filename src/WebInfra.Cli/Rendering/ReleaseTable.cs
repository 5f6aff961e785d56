using System.Globalization;
using Spectre.Console;
using WebInfra.Cli.Deploying;

namespace WebInfra.Cli.Rendering;

/// <summary>The table <c>deploy history</c> prints: every release made and every rollback, with who, when, what and how it ended.</summary>
internal static class ReleaseTable
{
    /// <summary>The table of <paramref name="records"/>, the last line of <paramref name="current"/> (the release in service) marked.</summary>
    public static Table Create(IReadOnlyList<ReleaseRecord> records, string? current)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("RELEASE", "COMMAND", "WHO", "WHEN (UTC)", "WHAT", "RESULT");
        var latestOfCurrent = records.LastOrDefault(r => r.Release == current);
        foreach (var record in records)
        {
            table.AddRow(
                new Markup(record == latestOfCurrent ? $"[bold]{record.Release}[/] [green](current)[/]" : Markup.Escape(record.Release)),
                new Text(record.Command),
                new Text(record.User),
                new Text(record.At.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)),
                new Text(What(record)),
                new Markup(Result(record)));
        }

        return table;
    }

    private static string What(ReleaseRecord record)
    {
        var what = string.Create(CultureInfo.InvariantCulture,
            $"site: {record.SiteFiles} files, {record.SiteBytes / 1024.0:0.#} KiB ({record.SiteDigest}); app: {record.AppDigest ?? "WebInfra's own"}");
        return record.Message is { Length: > 0 } message ? $"{what}{Environment.NewLine}\"{message}\"" : what;
    }

    private static string Result(ReleaseRecord record)
    {
        var detail = record.Detail is { Length: > 0 } text ? $"{Environment.NewLine}[grey]{Markup.Escape(text)}[/]" : string.Empty;
        return record.Result switch
        {
            ReleaseResult.Deployed => "[green]deployed[/]",
            ReleaseResult.RolledBackTo => $"[yellow]rolled back to {Markup.Escape(record.Release)}[/]",
            ReleaseResult.RolledBackByCanary => "[red]rolled back by the canary[/]",
            ReleaseResult.Failed => "[red]failed[/]",
            _ => "[yellow]in progress (or interrupted)[/]",
        } + detail;
    }
}
