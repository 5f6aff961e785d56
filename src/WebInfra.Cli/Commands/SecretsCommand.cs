using System.CommandLine;
using Spectre.Console;
using WebInfra.Hosting.Administration;
using WebInfra.Monitoring.Prometheus;

namespace WebInfra.Cli.Commands;

/// <summary>
/// <c>webinfra secrets rotate</c>: replaces the site's admin tokens (admin and read) in the run state. Every running
/// component reads the file again at its next admin request, so the new tokens work and the old ones are refused from
/// then on, with no restart and no request of the site lost; dashboard sessions and unused login links end too.
/// </summary>
internal static class SecretsCommand
{
    public static Command Create(IAnsiConsole console) => new("secrets", "Manage the site's credentials.")
    {
        CreateRotate(console),
    };

    private static Command CreateRotate(IAnsiConsole console)
    {
        var command = new Command(
            "rotate",
            "Replace the admin listeners' tokens (admin and read) on every running component, without a restart; the old ones stop working.");
        command.SetAction(parse =>
        {
            var state = CliEnvironment.State(parse.GetValue(CommonOptions.StateDirectory));
            var path = AdminCredentials.PathIn(state.Path);
            AdminCredentials.Rotate(path);
            console.MarkupLineInterpolated($"rotated the admin and read tokens in [bold]{path}[/]: running components refuse the old ones from their next request");
            console.MarkupLineInterpolated($"[grey]dashboard sessions and login links ended: './webinfra dashboard' prints a new link; Prometheus: run './webinfra monitoring export' again (it copies the read token to {PrometheusExport.CredentialsFileName})[/]");
            return 0;
        });
        return command;
    }
}
