using System.CommandLine;
using WebInfra.Topology.Dns;

namespace WebInfra.Cli.Commands;

/// <summary>
/// <c>webinfra dns export [TOPOLOGY]</c> prints the site's zone (the topology's <c>dns</c> section) as a BIND zone
/// file: the same text the <c>dns</c> component's Knot DNS serves, for a DNS server elsewhere or a checker
/// (<c>named-checkzone foobar.com FILE</c>).
/// </summary>
internal static class DnsCommand
{
    public static Command Create() => new("dns", "The site's DNS zone.")
    {
        CreateExport(),
    };

    private static Command CreateExport()
    {
        var topologyArgument = CommonOptions.Topology();
        var command = new Command("export", "Print the site's zone as a BIND zone file (check with 'named-checkzone ZONE FILE').") { topologyArgument };
        command.SetAction(parse =>
        {
            var topology = CliEnvironment.LoadTopology(parse.GetValue(topologyArgument));
            if (topology.Dns is null)
            {
                throw new UsageException($"{topology.SourcePath} has no dns section, so the site has no zone to export",
                    "add one, e.g. dns: { zone: foobar.com, records: { www: [lb-01] } }, and a server with 'dns: { port: 53 }' among its components");
            }

            Console.Out.Write(ZoneFile.Create(topology));
            return 0;
        });
        return command;
    }
}
