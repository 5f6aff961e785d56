using System.CommandLine;
using Spectre.Console;
using WebInfra.Hosting.Administration;
using WebInfra.Hosts;
using WebInfra.Monitoring.Prometheus;

namespace WebInfra.Cli.Commands;

/// <summary>
/// <c>webinfra monitoring export [TOPOLOGY] [--out DIR]</c>: the Prometheus configuration and alert rules for a site,
/// so that a stock Prometheus scrapes every component (with the read token of the run state's site) and alerts on the
/// failures WebInfra knows about.
/// </summary>
internal static class MonitoringCommand
{
    public static Command Create(IAnsiConsole console) => new("monitoring", "Watch the site with outside tools.")
    {
        CreateExport(console),
    };

    private static Command CreateExport(IAnsiConsole console)
    {
        var topologyArgument = CommonOptions.Topology();
        var outOption = new Option<string?>("--out")
        {
            HelpName = "DIR",
            Description = "The folder to write into (created when missing). Default: monitoring/ in the current folder.",
        };
        var command = new Command(
            "export",
            $"Write {PrometheusExport.ConfigFileName} (scrapes every component's /metrics) and {PrometheusExport.RulesFileName} (alert rules) for Prometheus.")
        {
            topologyArgument,
            outOption,
        };
        command.SetAction(parse =>
        {
            var topology = CliEnvironment.LoadTopology(parse.GetValue(topologyArgument));
            var state = CliEnvironment.State(parse.GetValue(CommonOptions.StateDirectory));
            var directory = parse.GetValue(outOption) ?? Path.Combine(Directory.GetCurrentDirectory(), "monitoring");
            PrometheusExportResult result;
            try
            {
                result = PrometheusExport.Write(topology, directory, AdminCredentials.LoadOrCreate(AdminCredentials.PathIn(state.Path)));
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"cannot write the Prometheus files to {Path.GetFullPath(directory)}: {exception.Message}", "name a folder you can write to with --out DIR");
            }

            console.MarkupLineInterpolated($"wrote [bold]{result.ConfigPath}[/] ({result.Targets} targets)");
            console.MarkupLineInterpolated($"wrote [bold]{result.RulesPath}[/] ({result.Alerts.Count} alert rules)");
            console.MarkupLineInterpolated($"wrote [bold]{Path.Combine(Path.GetDirectoryName(result.ConfigPath)!, PrometheusExport.CredentialsFileName)}[/] (the site's read token, mode 0600; export again after 'webinfra secrets rotate')");

            // Debian's prometheus keeps its data in the packaged service's folder unless told otherwise, and listens on
            // 0.0.0.0:9090, where a site's monitor may have its admin listener.
            var data = Path.Combine(Path.GetDirectoryName(result.ConfigPath)!, "data");
            var prometheus = $"prometheus --config.file={result.ConfigPath} --web.listen-address=127.0.0.1:9095 --storage.tsdb.path={data}";
            console.MarkupLineInterpolated($"[grey]run:[/] {HostDrivers.For(topology, state.Path).AsOperator(prometheus)}");
            return 0;
        });
        return command;
    }
}
