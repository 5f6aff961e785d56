using System.CommandLine;
using Spectre.Console;
using WebInfra.Cli.Rendering;
using WebInfra.Cli.Supervision;
using WebInfra.Hosting.Tls;
using WebInfra.Hosts;

namespace WebInfra.Cli.Commands;

/// <summary><c>webinfra up [TOPOLOGY]</c>: bring every component of a topology up and wait until all are healthy.</summary>
internal static class UpCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var topologyArgument = CommonOptions.Topology();
        var command = new Command("up", "Start every component of the site in the background and wait until all are healthy.") { topologyArgument };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var topology = CliEnvironment.LoadTopology(parse.GetValue(topologyArgument));
            var state = CliEnvironment.State(parse.GetValue(CommonOptions.StateDirectory));
            await PackagePrerequisites.EnsureAsync(console, topology, cancellationToken);

            var certificates = new DevelopmentCertificates(state.Path);
            var needsDevelopmentCertificate = topology.Components.Any(c => c.HttpsPort is not null) && topology.Tls.CertificatePath is null;
            if (needsDevelopmentCertificate && !certificates.Exist)
            {
                certificates.Create(topology);
                console.MarkupLineInterpolated($"created a development certificate for [bold]{topology.Site.Name}[/] ('./webinfra cert' says how to trust it)");
            }

            CertCommand.EnsureInternal(console, state.Path, topology);
            var supervisor = new Supervisor(topology, state, console);
            await supervisor.UpAsync(cancellationToken);
            console.Write(NodeTable.Create(await supervisor.StatusAsync(cancellationToken)));
            var url = NodeTable.SiteUrl(topology);
            console.MarkupLineInterpolated($"[bold]{topology.Site.Name}[/] is up at [link]{url}/[/]");
            if (DashboardCommand.LoginLink(topology, state) is { } dashboard)
            {
                console.MarkupLineInterpolated($"[bold]dashboard:[/] [link]{dashboard}[/] [grey](logs in once within 5 minutes; './webinfra dashboard' prints a new link)[/]");
            }

            var hosts = HostDrivers.For(topology, state.Path);
            var entry = topology.EntryPoint!;
            var address = topology.EntryAddress;
            if (entry.HttpsPort is { } https)
            {
                var authority = topology.Tls.CertificatePath is null ? $"--cacert {certificates.AuthorityPath} " : string.Empty;
                console.MarkupLineInterpolated($"[grey]try:[/] {hosts.AsOperator($"curl -i {authority}--resolve {topology.Site.Name}:{https}:{address} https://{topology.Site.Name}:{https}/")}");
            }
            else
            {
                console.MarkupLineInterpolated($"[grey]try:[/] {hosts.AsOperator($"curl -i --resolve {topology.Site.Name}:{entry.Port}:{address} http://{topology.Site.Name}:{entry.Port}/")}");
            }

            return 0;
        });
        return command;
    }
}
