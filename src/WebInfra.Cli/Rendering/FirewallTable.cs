using System.Globalization;
using Spectre.Console;
using WebInfra.Topology.Firewall;

namespace WebInfra.Cli.Rendering;

/// <summary>The table <c>firewall show</c> prints: one row an opening, grouped by server.</summary>
internal static class FirewallTable
{
    public static Table Create(Topology.Model.Topology topology)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("SERVER", "PORT", "FROM", "FOR");
        foreach (var server in topology.Servers)
        {
            var first = true;
            foreach (var opening in ServerFirewall.For(topology, server).Openings)
            {
                table.AddRow(
                    new Text(first ? $"{server.Name} ({server.Address})" : string.Empty),
                    new Text(opening.Port.ToString(CultureInfo.InvariantCulture) + (opening.AlsoUdp ? " (tcp, udp)" : string.Empty)),
                    new Text(FirewallSources.Describe(opening.Sources)),
                    new Text(opening.Purpose, new Style(Color.Grey)));
                first = false;
            }
        }

        return table;
    }
}
