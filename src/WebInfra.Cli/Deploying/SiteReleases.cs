using WebInfra.Cli.Commands;
using WebInfra.Cli.Supervision;
using WebInfra.Hosting.Releases;
using WebInfra.Topology.Model;

namespace WebInfra.Cli.Deploying;

/// <summary>
/// The releases of a whole site: one <see cref="ReleaseStore"/> per server that runs a web server or an application
/// server, each release copied once per server (as it would be onto separate hosts), with the same id on every server.
/// </summary>
internal sealed class SiteReleases(Topology.Model.Topology topology, StateDirectory state)
{
    /// <summary>The servers a release goes to, in topology order: those with a web server or an application server.</summary>
    public IReadOnlyList<Server> Servers { get; } = [.. topology.Servers.Where(s => s.Components.Any(IsReleased))];

    public ReleaseHistory History { get; } = new(state);

    /// <summary>The web and application servers of <paramref name="server"/>: the components a release restarts.</summary>
    public static IReadOnlyList<Component> ReleasedComponents(Server server) => [.. server.Components.Where(IsReleased)];

    public ReleaseStore StoreOf(Server server) => new(state.Path, server.Name);

    /// <summary>
    /// Makes the site's first release from the topology's folders when a server has none, or a new one when the
    /// topology's folders changed since the release in service (the site was down; <c>up</c> serves what the topology
    /// names): the release every web and application server then starts from. Does nothing otherwise.
    /// </summary>
    public void EnsureForUp()
    {
        var record = Describe("up", topology.Site.FilesDirectory, ApplicationFolder, message: null);
        var current = History.Load().LastOrDefault(r => r.Result is ReleaseResult.Deployed or ReleaseResult.RolledBackTo);
        var same = current is not null && current.SiteDigest == record.SiteDigest && current.AppDigest == record.AppDigest;
        if (same && Servers.All(s => StoreOf(s).Current == current!.Release))
        {
            return;
        }

        var id = Create(topology.Site.FilesDirectory, application: null);
        foreach (var server in Servers)
        {
            StoreOf(server).Switch(id);
            StoreOf(server).Prune(topology.Deploy.Keep);
        }

        History.Save(record with { Release = id, Result = ReleaseResult.Deployed });
    }

    /// <summary>The folder of the user's application in the topology (the first application server's, which the history describes), or null for the sample board.</summary>
    public string? ApplicationFolder => topology.Components.FirstOrDefault(c => c.Application is not null)?.Application!.Directory;

    /// <summary>Who runs this command: the user behind <c>sudo</c> when there is one.</summary>
    public static string CurrentUser => Environment.GetEnvironmentVariable("SUDO_USER") is { Length: > 0 } user ? user : Environment.UserName;

    /// <summary>A history line for a release of <paramref name="site"/> and <paramref name="application"/>, not yet numbered.</summary>
    public ReleaseRecord Describe(string command, string site, string? application, string? message)
    {
        var (files, bytes, siteDigest) = ReleaseFolder.Describe(site, state.Path);
        return new ReleaseRecord
        {
            Release = string.Empty,
            Command = command,
            User = CurrentUser,
            At = DateTime.UtcNow,
            SiteFiles = files,
            SiteBytes = bytes,
            SiteDigest = siteDigest,
            AppDigest = application is null ? null : ReleaseFolder.Describe(application, state.Path).Digest,
            Message = message,
            Result = ReleaseResult.InProgress,
        };
    }

    /// <summary>
    /// Copies <paramref name="site"/> and <paramref name="application"/> (or, when null, each application server's own
    /// folder in the topology) as a new release onto every server; returns its id.
    /// </summary>
    public string Create(string site, string? application)
    {
        var id = ReleaseStore.NextId([.. History.Load().Select(r => r.Release), .. Servers.SelectMany(s => StoreOf(s).Ids)]);
        foreach (var server in Servers)
        {
            var ownApplication = server.Components.FirstOrDefault(c => c.Application is not null)?.Application!.Directory;
            StoreOf(server).Create(id, site, ownApplication is null ? null : application ?? ownApplication, state.Path);
        }

        return id;
    }

    /// <summary>Refuses a folder to deploy that is missing or holds no file, before anything is copied.</summary>
    /// <exception cref="UsageException">It is.</exception>
    public void EnsureHasFiles(string folder, string option, string what)
    {
        if (!ReleaseFolder.HasFiles(folder, state.Path))
        {
            throw new UsageException(
                Directory.Exists(folder) ? $"{what} folder '{folder}' is empty: a release of it would serve nothing" : $"{what} folder '{folder}' does not exist",
                $"name the folder with {option} DIR, or leave {option} out to take the topology's");
        }
    }

    private static bool IsReleased(Component component) => component.Kind is ComponentKind.Web or ComponentKind.App;
}
