using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using WebInfra.Cli.Deploying;
using WebInfra.Cli.Rendering;
using WebInfra.Cli.Supervision;

namespace WebInfra.Cli.Commands;

/// <summary>
/// <c>webinfra deploy [--site DIR] [--app DIR] [--message TEXT]</c>: a new release of the site's files (and of the
/// user's application), rolled out one server at a time behind a canary; <c>webinfra deploy history [--json]</c>:
/// every release and rollback.
/// </summary>
internal static class DeployCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var site = new Option<string?>("--site") { Description = "The folder of the site's files to release. Default: the topology's site.files." };
        var app = new Option<string?>("--app") { Description = "The folder of your application to release (with app.command). Default: the topology's app.directory." };
        var message = new Option<string?>("--message") { Description = "What this release changes, kept in the history." };
        var command = new Command("deploy", "Release new site files and application code, one server at a time, the first one a canary; 'deploy history' lists releases.")
        {
            site,
            app,
            message,
            CreateHistory(console),
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (state, topology) = CliEnvironment.Running(parse);
            var releases = new SiteReleases(topology, state);
            var siteFolder = Path.GetFullPath(parse.GetValue(site) ?? topology.Site.FilesDirectory);
            var appOption = parse.GetValue(app) is { } written ? Path.GetFullPath(written) : null;
            var appFolder = appOption ?? releases.ApplicationFolder;
            if (appOption is not null && releases.ApplicationFolder is null)
            {
                throw new UsageException(
                    "--app names an application, but this site runs the sample board (no app.command in the topology)",
                    "a release carries the site's files; the sample board is WebInfra's own build");
            }

            using var _ = ChangeLock.Acquire(state, $"deploy of {siteFolder}");
            EnsureReleased(releases);
            releases.EnsureHasFiles(siteFolder, "--site", "the site's files");
            if (appFolder is not null)
            {
                releases.EnsureHasFiles(appFolder, "--app", "the application's");
            }

            var record = releases.Describe("deploy", siteFolder, appFolder, parse.GetValue(message));
            var id = releases.Create(siteFolder, appOption);
            console.MarkupLineInterpolated($"made release [bold]{id}[/] on {releases.Servers.Count} server(s)");
            await new RollingDeployment(topology, state, console).RollOutAsync(id, record with { Release = id }, ReleaseResult.Deployed, cancellationToken);
            console.MarkupLineInterpolated($"[green]deployed[/] {id} to {string.Join(", ", releases.Servers.Select(s => s.Name))}");
            return 0;
        });
        return command;
    }

    public static Command CreateRollback(IAnsiConsole console)
    {
        var release = new Argument<string?>("release") { Description = "The release to return to, e.g. r3. Default: the one before the release in service.", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("rollback", "Return every server to the previous release (or the one named), one server at a time: a switch back, not a rebuild.") { release };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (state, topology) = CliEnvironment.Running(parse);
            var releases = new SiteReleases(topology, state);
            using var _ = ChangeLock.Acquire(state, "rollback");
            EnsureReleased(releases);
            var first = releases.StoreOf(releases.Servers[0]);
            var target = parse.GetValue(release) ?? first.Previous
                ?? throw new UsageException($"no release before {first.Current} is kept, so there is nothing to roll back to", "'./webinfra deploy history' lists the releases");
            var missing = releases.Servers.Where(s => !releases.StoreOf(s).Has(target)).Select(s => s.Name).ToList();
            if (missing.Count > 0)
            {
                throw new UsageException($"release '{target}' is not kept on {string.Join(", ", missing)}", $"kept: {string.Join(", ", first.Ids)}");
            }

            var from = string.Join(", ", releases.Servers.Select(s => releases.StoreOf(s).Current).Distinct());
            var made = releases.History.Load().LastOrDefault(r => r.Release == target && r.Command != "rollback");
            var record = (made ?? releases.Describe("rollback", first.SiteOf(target), Directory.Exists(first.ApplicationOf(target)) ? first.ApplicationOf(target) : null, message: null)) with
            {
                Command = "rollback",
                User = SiteReleases.CurrentUser,
                At = DateTime.UtcNow,
                Message = null,
                Result = ReleaseResult.InProgress,
                Detail = $"from {from}",
            };
            await new RollingDeployment(topology, state, console).RollOutAsync(target, record, ReleaseResult.RolledBackTo, cancellationToken);
            console.MarkupLineInterpolated($"[green]rolled back[/] to {target} on {string.Join(", ", releases.Servers.Select(s => s.Name))}");
            return 0;
        });
        return command;
    }

    private static Command CreateHistory(IAnsiConsole console)
    {
        var json = CommonOptions.Json();
        var command = new Command("history", "List the releases: who made each, when, what it holds and how it ended.") { json };
        command.SetAction(parse =>
        {
            var state = CliEnvironment.State(parse.GetValue(CommonOptions.StateDirectory));
            var topology = CliEnvironment.RunningTopology(state);
            var releases = new SiteReleases(topology, state);
            var records = releases.History.Load();
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(records, ReleaseHistoryJsonContext.Default.ListReleaseRecord));
            }
            else
            {
                console.Write(ReleaseTable.Create(records, releases.Servers.Count > 0 ? releases.StoreOf(releases.Servers[0]).Current : null));
            }

            return 0;
        });
        return command;
    }

    /// <summary>Refuses a site brought up before releases existed: it has no release to return to.</summary>
    private static void EnsureReleased(SiteReleases releases)
    {
        if (releases.Servers.Count == 0)
        {
            throw new UsageException("this site has no web or application server, so there is nothing to deploy");
        }

        if (releases.Servers.FirstOrDefault(s => releases.StoreOf(s).Current is null) is { } bare)
        {
            throw new UsageException($"{bare.Name} has no release in service, so a failed deploy would have nothing to return to", "bring the site down and up again: 'up' makes the first release");
        }
    }
}
