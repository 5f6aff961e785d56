using System.CommandLine;
using Spectre.Console;
using WebInfra.Cli.Rendering;
using WebInfra.Monitoring.Doctor;

namespace WebInfra.Cli.Commands;

/// <summary>
/// <c>webinfra doctor [TOPOLOGY] [--json]</c>: reviews a topology's design (single points of failure, security gaps,
/// monitoring, crowded servers, replication) without starting anything. Exits 1 when it finds an error, so CI can
/// refuse a topology; 2 for a topology that does not load.
/// </summary>
internal static class DoctorCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var topologyArgument = CommonOptions.Topology();
        var json = CommonOptions.Json();
        var command = new Command("doctor", "Review a topology: single points of failure, security gaps, monitoring, crowded servers, replication.")
        {
            topologyArgument,
            json,
        };
        command.SetAction(parse =>
        {
            var report = TopologyDoctor.Examine(CliEnvironment.LoadTopology(parse.GetValue(topologyArgument)));
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(report.ToJson());
            }
            else
            {
                console.Write(FindingTable.Create(report));
                console.Write(FindingTable.Summary(report));
            }

            return report.Errors > 0 ? 1 : 0;
        });
        return command;
    }
}
