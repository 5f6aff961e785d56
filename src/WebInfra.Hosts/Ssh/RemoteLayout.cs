namespace WebInfra.Hosts.Ssh;

/// <summary>
/// Where WebInfra keeps its files on an SSH host, and how a path or a command line of this machine reads there. The
/// builds are under <c>/opt/webinfra</c>, one folder each, with <c>current</c> naming the one components run. The site
/// is under <c>/var/lib/webinfra</c>, owned by the <c>webinfra</c> user that runs every component: the run state in
/// <c>state</c>, laid out as this machine's, and the topology with the files it names in <c>site</c>, each at its path
/// here under that folder, so that a path written relative to the topology file names the same file there.
/// </summary>
/// <param name="stateDirectory">The site's run-state folder on this machine.</param>
public sealed class RemoteLayout(string stateDirectory)
{
    /// <summary>The system user that owns the site's files on a host and runs its components; never root.</summary>
    public const string User = "webinfra";

    /// <summary>Where the builds are, one folder each, named by <see cref="WebInfraBuild.Id"/>.</summary>
    public const string BuildsDirectory = "/opt/webinfra";

    /// <summary>The build components run: a link to one of the builds.</summary>
    public const string CurrentBuild = BuildsDirectory + "/current";

    /// <summary>The program every component runs.</summary>
    public const string Program = CurrentBuild + "/webinfra";

    /// <summary>The site's folder on a host, the <see cref="User"/>'s home.</summary>
    public const string Home = "/var/lib/webinfra";

    /// <summary>The run state on a host.</summary>
    public const string StateDirectory = Home + "/state";

    /// <summary>Where the topology and the files it names are on a host, each under its path on this machine.</summary>
    public const string SiteDirectory = Home + "/site";

    private readonly string _stateDirectory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(stateDirectory));

    /// <summary>Where <paramref name="path"/> (absolute, on this machine) is on a host.</summary>
    public string Remote(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.GetFullPath(path);
        return full == _stateDirectory || full.StartsWith(_stateDirectory + "/", StringComparison.Ordinal)
            ? StateDirectory + full[_stateDirectory.Length..]
            : SiteDirectory + full;
    }

    /// <summary>
    /// <paramref name="commandLine"/> as a host runs it: this tool (<paramref name="self"/>, with the assembly when run by
    /// <c>dotnet</c>) becomes <see cref="Program"/>, and every absolute path becomes its place on the host.
    /// </summary>
    public IReadOnlyList<string> Remote(IReadOnlyList<string> commandLine, IReadOnlyList<string> self)
    {
        ArgumentNullException.ThrowIfNull(commandLine);
        ArgumentNullException.ThrowIfNull(self);
        var isSelf = commandLine.Count >= self.Count && commandLine.Take(self.Count).SequenceEqual(self, StringComparer.Ordinal);
        var arguments = commandLine.Skip(isSelf ? self.Count : 1).Select(a => a.StartsWith('/') ? Remote(a) : a);
        return [isSelf ? Program : commandLine[0], .. arguments];
    }
}
