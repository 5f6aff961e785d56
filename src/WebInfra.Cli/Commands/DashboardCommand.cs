using System.CommandLine;
using Spectre.Console;
using WebInfra.Cli.Rendering;
using WebInfra.Cli.Supervision;
using WebInfra.Hosting.Administration;
using WebInfra.Monitoring.Dashboard.Login;

namespace WebInfra.Cli.Commands;

/// <summary>
/// <c>webinfra dashboard</c>: prints a one-time login link to the running site's dashboard, signed with the site's admin
/// token (so only someone who can read the run state can log in), valid for 5 minutes and for one login.
/// </summary>
internal static class DashboardCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var command = new Command("dashboard", "Print a one-time login link to the dashboard (valid 5 minutes, for one login).");
        command.SetAction(parse =>
        {
            var (state, topology) = CliEnvironment.Running(parse);
            var link = LoginLink(topology, state)
                ?? throw new UsageException($"{topology.SourcePath} has no monitor, so the site has no dashboard", "add 'monitor: { port: 8090 }' to a server's components");
            // The link alone on the first line, never wrapped, so a script can take it ('webinfra dashboard | head -1').
            console.Profile.Out.Writer.WriteLine(link);
            console.MarkupLineInterpolated($"[grey]open it within {DashboardLoginLinks.Lifetime.TotalMinutes:0} minutes; it logs in once (then a session cookie, 12 h)[/]");
            return 0;
        });
        return command;
    }

    /// <summary>A fresh login link to the dashboard of <paramref name="topology"/>, or null when it has no monitor.</summary>
    /// <exception cref="UsageException">The run state has no admin credentials (the site was never brought up from it).</exception>
    public static Uri? LoginLink(Topology.Model.Topology topology, StateDirectory state)
    {
        if (NodeTable.DashboardUrl(topology) is not { } dashboard)
        {
            return null;
        }

        AdminCredentials credentials;
        try
        {
            credentials = AdminCredentials.Load(AdminCredentials.PathIn(state.Path));
        }
        catch (FileNotFoundException)
        {
            throw new UsageException($"no admin credentials in {state.Path}", "bring the site up with './webinfra up [TOPOLOGY]'");
        }

        return DashboardLoginLinks.Mint(new Uri(dashboard), credentials, DateTimeOffset.UtcNow);
    }
}
