using Spectre.Console;
using WebInfra.Topology.Faults;

namespace WebInfra.Cli.Rendering;

/// <summary>The table of faults <c>status</c> prints while any is set: each partition and each slow link, and how to end it.</summary>
internal static class FaultTable
{
    public static Table Create(SiteFaults faults)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("FAULT", "BETWEEN", "WHAT", "ENDS WITH");
        foreach (var partition in faults.Partitions)
        {
            table.AddRow(
                new Markup("[red]partition[/]"),
                new Text(partition.ToString()),
                new Text(partition.OneWay ? $"{partition.From}'s packets for {partition.To} dropped" : "every packet dropped, both ways"),
                new Text($"./webinfra heal {partition.From} {partition.To}"));
        }

        foreach (var link in faults.SlowLinks)
        {
            table.AddRow(
                new Markup("[yellow]slow[/]"),
                new Text($"{link.Server} ⇹ switch"),
                new Text(link.ToString()[(link.Server.Length + 2)..] + ", both ways"),
                new Text($"./webinfra slow {link.Server} --off"));
        }

        return table;
    }

    /// <summary>The faults as <c>status --json</c> lists them.</summary>
    public static IReadOnlyList<StatusFault> Document(SiteFaults faults) =>
    [
        .. faults.Partitions.Select(p => new StatusFault("partition", p.ToString(), p.From, p.To, p.OneWay, null, null, null, null)),
        .. faults.SlowLinks.Select(s => new StatusFault("slow", s.ToString(), null, null, null, s.Server, s.Delay.TotalMilliseconds, s.Jitter.TotalMilliseconds, s.LossPercent)),
    ];
}
