namespace WebInfra.Topology.Model;

/// <summary>
/// The user's own application, which an application server runs instead of the sample message board: a command in
/// any language, started as a Procfile's or a systemd unit's would be. WebInfra passes it <c>HOST</c>, <c>PORT</c> and the
/// database endpoints in its environment, writes its output to the component's log, asks it <see cref="HealthPath"/>,
/// restarts it with a growing delay when it exits, and stops it with SIGTERM, then SIGKILL after
/// <see cref="StopTimeout"/>.
/// </summary>
/// <param name="Command">The command line, run by <c>/bin/sh -c</c> (so <c>exec</c>, quoting and variables work as in a Procfile).</param>
/// <param name="Directory">The absolute folder it runs in (its code base); written relative to the topology file.</param>
/// <param name="Environment">Variables added to its environment, after WebInfra's own, so a topology can override them.</param>
/// <param name="HealthPath">The path WebInfra asks for to know it serves: any 2xx or 3xx answer is healthy.</param>
/// <param name="StartTimeout">How long it may take to answer <see cref="HealthPath"/> after a start before that start counts as failed.</param>
/// <param name="StopTimeout">How long it has to exit after SIGTERM before it is killed (systemd's <c>TimeoutStopSec</c>).</param>
/// <param name="Location">Where the command is written.</param>
public sealed record ApplicationCommand(
    string Command,
    string Directory,
    IReadOnlyDictionary<string, string> Environment,
    string HealthPath,
    TimeSpan StartTimeout,
    TimeSpan StopTimeout,
    SourceLocation Location)
{
    /// <summary>Where <see cref="Directory"/> is written, or null when it is not (the topology file's folder).</summary>
    public SourceLocation? DirectoryLocation { get; init; }

    /// <summary>Long enough for an interpreter to load a framework; an application still silent then is not coming up.</summary>
    public static readonly TimeSpan DefaultStartTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Docker's and Kamal's default: ten seconds to finish the requests in flight.</summary>
    public static readonly TimeSpan DefaultStopTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The longest stop timeout: <c>down</c> kills a component still running after 30 s, its application with it.</summary>
    public static readonly TimeSpan MaximumStopTimeout = TimeSpan.FromSeconds(25);
}
