using System.Globalization;
using System.Net;
using WebInfra.Hosting.Releases;
using WebInfra.Topology.Firewall;
using WebInfra.Topology.Model;

namespace WebInfra.Hosting;

/// <summary>
/// What a component process knows about itself: the site it belongs to, which component it is, and where the
/// installation keeps its run state (secrets, data). The same three facts start it on one machine or on a real host.
/// </summary>
/// <param name="Topology">The whole site, loaded from the same file as every other component.</param>
/// <param name="Component">The component this process runs.</param>
/// <param name="StateDirectory">The run-state folder (<c>.webinfra/</c> by default).</param>
public sealed record ComponentContext(Topology.Model.Topology Topology, Component Component, string StateDirectory)
{
    /// <summary>The firewall of the component's server, or null when the topology's firewall is off.</summary>
    public ServerFirewall? Firewall => Topology.Firewall.Enabled && Topology.FindServer(Component.ServerName) is { } server
        ? ServerFirewall.For(Topology, server)
        : null;

    /// <summary>
    /// The address the component's own connections leave from: its server's, which is what the other servers'
    /// firewalls let in and what a web server appends to <c>X-Forwarded-For</c> for its balancer. Left to the kernel, a
    /// connection between two servers on one machine would leave from 127.0.0.1, as if from nowhere in the site.
    /// </summary>
    public IPAddress SourceAddress => Component.Address;

    /// <summary>
    /// The site's files this component serves: those of its server's release in service
    /// (<c>releases/SERVER/current/site</c>, the link resolved now, so the process keeps that release until it restarts),
    /// or the topology's folder where no release was made (a component started on its own, <c>webinfra component</c>).
    /// </summary>
    public string SiteFilesDirectory => Releases.CurrentSite ?? Topology.Site.FilesDirectory;

    /// <summary>
    /// The folder the user's application runs in: its server's release in service (<c>releases/SERVER/current/app</c>,
    /// resolved now), or the topology's <c>directory</c> where no release was made.
    /// </summary>
    public string? ApplicationDirectory => Component.Application is { } application
        ? Releases.CurrentApplication ?? application.Directory
        : null;

    /// <summary>The releases of this component's server (see <see cref="ReleaseStore"/>).</summary>
    public ReleaseStore Releases => new(StateDirectory, Component.ServerName);

    /// <summary>Where generated database credentials live (mode 0600).</summary>
    public string DatabaseSecretsPath => DatabaseSecretsPathIn(StateDirectory);

    /// <summary>Where generated database credentials live in a run-state folder; the supervisor creates them there.</summary>
    public static string DatabaseSecretsPathIn(string stateDirectory) => Path.Combine(stateDirectory, "secrets", "database.json");

    /// <summary>Where the admin listeners' bearer tokens live (mode 0600), next to the database credentials.</summary>
    public string AdminCredentialsPath => Administration.AdminCredentials.PathIn(StateDirectory);

    /// <summary>
    /// Where this component keeps the members an operator drained, so that a restart does not silently undrain them
    /// (HAProxy's <c>server-state-file</c>).
    /// </summary>
    public string DrainStatePath => Path.Combine(DrainStateDirectoryIn(StateDirectory), FileNameOf(Component.Name) + ".drained");

    /// <summary>The folder of every component's drain state in a run-state folder; <c>down</c> clears it, so a new <c>up</c> starts undrained.</summary>
    public static string DrainStateDirectoryIn(string stateDirectory) => Path.Combine(stateDirectory, "drains");

    /// <summary>
    /// True for a process started to take over from the component's running process (<c>webinfra restart</c>): it
    /// listens on that process's sockets, received over its <see cref="TakeoverSocketPath"/>, instead of binding new ones.
    /// </summary>
    public bool TakesOver { get; init; }

    /// <summary>The Unix socket through which the component's running process hands its listening sockets to its successor.</summary>
    public string TakeoverSocketPath => TakeoverSocketPathIn(StateDirectory, Component.Name);

    /// <summary>Where a node's takeover socket is in a run-state folder: <c>sockets/server-1-web.sock</c>.</summary>
    public static string TakeoverSocketPathIn(string stateDirectory, string nodeName) =>
        Path.Combine(stateDirectory, "sockets", FileNameOf(nodeName) + ".sock");

    /// <summary>Where this component writes its access log, beside its own log: <c>logs/server-1-web.access.log</c>.</summary>
    public string AccessLogPath => AccessLogPathIn(StateDirectory, Component.Name);

    /// <summary>The folder of every node's log in a run-state folder.</summary>
    public static string LogsDirectoryIn(string stateDirectory) => Path.Combine(stateDirectory, "logs");

    /// <summary>Where a node's access log is in a run-state folder (its rotated files add <c>.1</c>, <c>.2</c>…).</summary>
    public static string AccessLogPathIn(string stateDirectory, string nodeName) =>
        Path.Combine(LogsDirectoryIn(stateDirectory), FileNameOf(nodeName) + ".access.log");

    /// <summary>The rotated access log <paramref name="generation"/> of <paramref name="accessLogPath"/>: <c>.1</c> is the newest.</summary>
    public static string RotatedAccessLogPath(string accessLogPath, int generation) =>
        string.Create(CultureInfo.InvariantCulture, $"{accessLogPath}.{generation}");

    /// <summary>Whether a component of this kind keeps an access log: the balancer and the web servers, the two that answer the site's visitors.</summary>
    public static bool KeepsAccessLog(ComponentKind kind) => kind is ComponentKind.Balancer or ComponentKind.Web;

    /// <summary>A node name as a file name: <c>server-1/web</c> becomes <c>server-1-web</c>.</summary>
    public static string FileNameOf(string nodeName)
    {
        ArgumentNullException.ThrowIfNull(nodeName);
        return nodeName.Replace('/', '-');
    }
}
