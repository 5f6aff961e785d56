using System.Collections.Concurrent;
using System.Globalization;
using WebInfra.Hosts.Namespaces;
using WebInfra.Hosts.Processes;
using WebInfra.Topology.Firewall;
using WebInfra.Topology.Model;

namespace WebInfra.Hosts.Ssh;

/// <summary>
/// Every server is a machine reached over SSH (<c>hosts: ssh</c>): before anything changes, each host is looked at
/// (<see cref="HostFacts"/>) and every problem of every host is reported at once; then each gets a system user
/// (<c>webinfra</c>), a self-contained build of this tool (<see cref="WebInfraBuild"/>) and the site's files
/// (<see cref="SiteFiles"/>), and each component runs there as that user: an enabled systemd unit where systemd runs
/// the host (<see cref="SystemdUnit"/>), else a detached process, as <c>ssh: { service_manager }</c> says; known by its
/// host, pid and start time there, and its unit. Commands run on the hosts in parallel, each over one SSH connection for the whole command
/// (<see cref="OpenSshClient"/>). With <c>ssh: { lab: true }</c> the hosts are made on this machine
/// (<see cref="SshLab"/>) and reached, like a namespaces site's servers, from its operator namespace.
/// </summary>
public sealed class SshHostDriver : IHostDriver
{
    /// <summary>The kind's name in the topology and the run state.</summary>
    public const string Kind = "ssh";

    /// <summary>Where the units of the site go on a host: the administrator's units, which outrank the packages'.</summary>
    private const string SystemdDirectory = "/etc/systemd/system";

    private static readonly TimeSpan s_commandTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan s_copyTimeout = TimeSpan.FromMinutes(10);

    private readonly string _stateDirectory;
    private readonly Topology.Model.Topology? _topology;
    private readonly SshLab? _lab;
    private readonly OpenSshClient _ssh;
    private readonly RemoteLayout _layout;
    private readonly ConcurrentDictionary<string, HostFacts> _facts = new(StringComparer.Ordinal);

    // The lab hosts this command cut the power of: nothing runs there, and nothing there answers.
    private readonly ConcurrentDictionary<string, bool> _poweredOff = new(StringComparer.Ordinal);

    // One build per architecture, published once however many hosts wait for it.
    private readonly ConcurrentDictionary<string, Lazy<WebInfraBuild>> _builds = new(StringComparer.Ordinal);

    /// <summary>A driver for the site whose run state is in <paramref name="stateDirectory"/>; without a topology it can watch, stop and remove, not make.</summary>
    public SshHostDriver(string stateDirectory, Topology.Model.Topology? topology)
    {
        _stateDirectory = stateDirectory;
        _topology = topology;
        var lab = topology is null ? Directory.Exists(SshLab.DirectoryIn(stateDirectory)) : topology.Ssh.Lab;
        _lab = lab ? new SshLab(stateDirectory, topology is null ? null : NetworkPlan.Of(topology)) : null;
        _ssh = new OpenSshClient(Path.Combine(stateDirectory, "ssh"), _lab?.IdentityFile, _lab is null ? null : c => _lab.Network.OnServer(IHostDriver.OperatorName, c));
        _layout = new RemoteLayout(stateDirectory);
    }

    /// <inheritdoc/>
    public string Name => Kind;

    /// <inheritdoc/>
    public event Action<string>? Progress;

    /// <inheritdoc/>
    /// <remarks>A lab's switch can cut and slow links between its hosts; real hosts' networks are not WebInfra's to cut.</remarks>
    public INetworkFaults? Faults => _lab?.Network.Faults;

    private string HostsFile => Path.Combine(_ssh.Directory, "hosts");

    /// <inheritdoc/>
    /// <remarks>
    /// This machine's needs first (OpenSSH's client, and a lab's), then every host's, looked at in parallel: reached, its
    /// key accepted, root through sudo, its system, tools, clock and ports. A lab's hosts are looked at once they exist.
    /// </remarks>
    public IReadOnlyList<string> Fingerprint()
    {
        var topology = _topology ?? throw new InvalidOperationException("a site's hosts are checked from its topology");
        var problems = new List<string>();
        if (!CommandRunner.TryRun(["ssh", "-V"], out _, out _))
        {
            problems.Add("OpenSSH's client 'ssh' is not installed: apt-get install openssh-client");
        }

        // A lab's hosts are looked at once Prepare has made them (or powered them on again).
        if (_lab is not null)
        {
            problems.AddRange(_lab.Fingerprint());
            return problems;
        }

        problems.AddRange(Look(topology));
        return problems;
    }

    /// <summary>
    /// Looks at every host of <paramref name="topology"/> at once; every problem of every host, then of every connection
    /// between two hosts that answered (<see cref="PeerProbe"/>), but those a partition of the lab cuts on purpose.
    /// </summary>
    private List<string> Look(Topology.Model.Topology topology)
    {
        var probes = topology.Servers.ToDictionary(s => s.Name, s => PeerProbe.For(topology, s), StringComparer.Ordinal);
        var problems = Task.WhenAll(topology.Servers.Select(server => LookAsync(server, topology.SshTargetOf(server), probes[server.Name])))
            .GetAwaiter().GetResult().SelectMany(p => p).ToList();

        // A peer's drop can be the site's own doing only where it runs a ruleset of the site this topology replaces.
        var replaced = topology.Servers
            .Where(s => _facts.TryGetValue(s.Name, out var facts) && facts.SiteFirewall is { } loaded && loaded != RulesetDigest(topology, s))
            .Select(s => s.Name)
            .ToHashSet(StringComparer.Ordinal);
        var partitions = Faults?.Current().Partitions ?? [];
        foreach (var server in topology.Servers)
        {
            if (!_facts.TryGetValue(server.Name, out var facts))
            {
                continue;
            }

            foreach (var probe in probes[server.Name])
            {
                if (_facts.ContainsKey(probe.Peer.Name) && !partitions.Any(p => p.IsBetween(server.Name, probe.Peer.Name))
                    && probe.Problem(server, facts.Peers.GetValueOrDefault(probe.Key), peerFirewallCurrent: !replaced.Contains(probe.Peer.Name)) is { } problem)
                {
                    problems.Add($"server '{server.Name}' ({topology.SshTargetOf(server)}): {problem}");
                }
            }
        }

        return problems;
    }

    /// <summary>The SHA-256 of the ruleset this topology loads into <paramref name="server"/>'s kernel, or null when it loads none.</summary>
    private static string? RulesetDigest(Topology.Model.Topology topology, Server server) => topology.Firewall.Enabled
        ? Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Ruleset(topology, server))))
        : null;

    private static string Ruleset(Topology.Model.Topology topology, Server server) =>
        NftablesRuleset.Create(ServerFirewall.For(topology, server), topology.Site.Name, topology.SourcePath);

    /// <summary>Looks at one host, trying <paramref name="probes"/> from it too; the host's own problems.</summary>
    private async Task<IReadOnlyList<string>> LookAsync(Server server, SshTarget target, IReadOnlyList<PeerProbe> probes)
    {
        var asked = DateTimeOffset.UtcNow;
        var script = HostFacts.Script + "\n" + PeerProbe.Script(probes);
        var result = await _ssh.RunAsync(target, script, s_commandTimeout, input: null, CancellationToken.None);
        if (!result.Succeeded)
        {
            return [$"server '{server.Name}': {SshFailure.Explain(target, result, _ssh.KnownHostsFile)}"];
        }

        var facts = HostFacts.Parse(result.Output);
        var now = asked + ((DateTimeOffset.UtcNow - asked) / 2);
        _facts[server.Name] = facts;
        Progress?.Invoke($"{server.Name} ({target}): {facts.Distribution}, {facts.Architecture}, {(facts.Systemd ? "systemd" : "no systemd")}");
        return [.. facts.Problems(server, now, _topology!.Firewall.Enabled, _topology.Ssh.ServiceManager, _topology.Ssh.InstallPackages).Select(p => $"server '{server.Name}' ({target}): {p}")];
    }

    /// <inheritdoc/>
    /// <remarks>
    /// A lab's hosts are made first. Then every host gets, in parallel: the <c>webinfra</c> user and its folders, the build
    /// for its architecture when it has another (sent whole, then switched to at once), and the site's files.
    /// </remarks>
    public void Prepare()
    {
        var topology = _topology ?? throw new InvalidOperationException("a site's hosts are prepared from its topology");
        _lab?.Prepare();

        // Every host is looked at before anything changes on any (Fingerprint did for real hosts).
        if (_facts.Count < topology.Servers.Count && Look(topology) is [_, ..] problems)
        {
            throw new HostException($"nothing was changed on any host: {string.Join("; ", problems)}");
        }

        RememberHosts(topology.Servers.Select(topology.SshTargetOf));
        var files = new SiteFiles(topology, _stateDirectory, _layout);
        Task.WhenAll(topology.Servers.Select(server => PrepareAsync(server, topology.SshTargetOf(server), files))).GetAwaiter().GetResult();
    }

    private async Task PrepareAsync(Server server, SshTarget target, SiteFiles files)
    {
        var facts = _facts[server.Name];
        if (_topology!.Ssh.InstallPackages && facts.MissingPackages(server, _topology.Firewall.Enabled) is [_, ..] packages)
        {
            facts = await InstallAsync(server, target, packages);
        }

        await _ssh.RunCheckedAsync(target, SetupScript, s_commandTimeout, CancellationToken.None);
        var build = _builds.GetOrAdd(facts.RuntimeIdentifier!, rid => new Lazy<WebInfraBuild>(() =>
        {
            Progress?.Invoke($"the {rid} build of WebInfra: published when this tool changed (dotnet publish --self-contained)");
            return WebInfraBuild.For(rid);
        })).Value;
        var folder = $"{RemoteLayout.BuildsDirectory}/{build.Id}";
        var has = await _ssh.RunAsync(target, $"test -x {folder}/webinfra", s_commandTimeout, input: null, CancellationToken.None);
        if (!has.Succeeded)
        {
            Progress?.Invoke($"{server.Name}: sending build {build.Id} to {folder}");
            await _ssh.RunCheckedAsync(target, string.Join('\n',
                "set -e",
                $"rm -rf {folder}.partial && mkdir -p {folder}.partial",
                $"tar -x -f - -C {folder}.partial --no-same-owner",
                $"mv -T {folder}.partial {folder}"), s_copyTimeout, CancellationToken.None,
                (stream, cancellationToken) => System.Formats.Tar.TarFile.CreateFromDirectoryAsync(build.Directory, stream, includeBaseDirectory: false, cancellationToken));
        }

        // The link moves in one rename; the builds before the previous one go (a running component may still use the previous).
        await _ssh.RunCheckedAsync(target, string.Join('\n',
            "set -e",
            $"cd {RemoteLayout.BuildsDirectory}",
            $"ln -sfn {build.Id} current.new && mv -T current.new current",
            $"ls -1t | grep -vx -e current -e {build.Id} | grep -v '\\.partial$' | tail -n +2 | xargs -r rm -rf --"), s_commandTimeout, CancellationToken.None);
        await SendFilesAsync(server, target, files);
        Progress?.Invoke($"{server.Name}: running build {build.Id}; the site's files sent");

        // The server's firewall in its own kernel, one transaction replacing the site's table (nft -f): it keeps SSH open to
        // the operators (validation made sure every host's SSH port is the one it opens), so this connection stays. The
        // ruleset stays on the host, root's alone, and where systemd runs the host a unit loads it again at every boot.
        if (_topology!.Firewall.Enabled)
        {
            var ruleset = Ruleset(_topology, server);
            await _ssh.RunCheckedAsync(target, string.Join('\n',
                "set -e",
                $"install -d -o root -g root -m 0700 {FirewallUnit.Directory}",
                $"(umask 077 && cat > {FirewallUnit.RulesetPath}.new)",
                $"nft -f {FirewallUnit.RulesetPath}.new",
                $"mv -f {FirewallUnit.RulesetPath}.new {FirewallUnit.RulesetPath}"), s_commandTimeout, CancellationToken.None,
                Sending(ruleset));
            var systemd = ServiceManagerOf(server) == ServiceManager.Systemd;
            if (systemd)
            {
                await _ssh.RunCheckedAsync(target, string.Join('\n',
                    "set -e",
                    ReplaceFromInput($"{SystemdDirectory}/{FirewallUnit.Name}"),
                    "systemctl daemon-reload",
                    $"systemctl enable -q {FirewallUnit.Name}"), s_commandTimeout, CancellationToken.None, Sending(FirewallUnit.For(_topology.Site.Name)));
            }

            Progress?.Invoke($"{server.Name}: firewall loaded (table {NftablesRuleset.Table}){(systemd ? $", and at every boot ({FirewallUnit.Name})" : "")}");
        }
    }

    /// <summary>
    /// Installs <paramref name="packages"/> on the host with its apt-get (<see cref="PackageInstall"/>), then looks at it
    /// again; its facts once it has them all.
    /// </summary>
    private async Task<HostFacts> InstallAsync(Server server, SshTarget target, IReadOnlyList<string> packages)
    {
        var names = string.Join(' ', packages);
        Progress?.Invoke($"{server.Name}: installing {names} with apt-get (their system services left off)");
        var result = await _ssh.RunAsync(target, PackageInstall.Script(packages), s_copyTimeout, input: null, CancellationToken.None);
        if (!result.Succeeded)
        {
            throw new HostException(result.ExitCode == SshResult.ClientFailure
                ? $"server '{server.Name}': installing {names} failed: {SshFailure.Explain(target, result, _ssh.KnownHostsFile)}"
                : $"server '{server.Name}' ({target}): installing {names} with apt-get failed (exit code {result.ExitCode}): {PackageInstall.Failure(result.Error, result.Output)}; "
                    + "fix its package sources (apt-get update there), or install them yourself");
        }

        if (await LookAsync(server, target, probes: []) is [_, ..] problems)
        {
            throw new HostException($"installing {names} on server '{server.Name}' left problems: {string.Join("; ", problems)}");
        }

        Progress?.Invoke($"{server.Name}: installed {names}");
        return _facts[server.Name];
    }

    private Task<string> SendFilesAsync(Server server, SshTarget target, SiteFiles files) =>
        _ssh.RunCheckedAsync(target, SiteFiles.UnpackScript, s_copyTimeout, CancellationToken.None,
            (stream, cancellationToken) => files.WriteAsync(server, stream, cancellationToken));

    /// <summary>Makes the site's user (a system account with no login) and its folders, where they are missing.</summary>
    private static string SetupScript { get; } = string.Join('\n',
        "set -e",
        $"id -u {RemoteLayout.User} >/dev/null 2>&1 || useradd --system --user-group --home-dir {RemoteLayout.Home} --no-create-home --shell /usr/sbin/nologin {RemoteLayout.User}",
        $"install -d -o root -g root -m 0755 {RemoteLayout.BuildsDirectory}",
        $"install -d -o {RemoteLayout.User} -g {RemoteLayout.User} -m 0750 {RemoteLayout.Home} {RemoteLayout.StateDirectory} {RemoteLayout.SiteDirectory}");

    /// <inheritdoc/>
    public IReadOnlyList<string> OnServer(string serverName, IReadOnlyList<string> commandLine)
    {
        if (serverName == IHostDriver.OperatorName)
        {
            return _lab is null ? commandLine : _lab.Network.OnServer(serverName, commandLine);
        }

        return _ssh.CommandLine(TargetOf(serverName), ShellWords.Join(commandLine));
    }

    /// <inheritdoc/>
    /// <remarks>As the site's user (<c>runuser</c>, from root), in its home.</remarks>
    public IReadOnlyList<string> AsComponents(string serverName, IReadOnlyList<string> commandLine) =>
        _ssh.AsRootCommandLine(TargetOf(serverName), $"exec runuser -u {RemoteLayout.User} -- env -C {RemoteLayout.Home} {ShellWords.Join(commandLine)}");

    /// <inheritdoc/>
    /// <remarks>Never: every component runs as the site's user.</remarks>
    public bool ComponentsRunAsRoot => false;

    /// <inheritdoc/>
    public IReadOnlyList<string>? FromOperator(IReadOnlyList<string> commandLine) => _lab?.Network.FromOperator(commandLine);

    /// <inheritdoc/>
    public string AsOperator(string commandLine) => _lab is null ? commandLine : _lab.Network.AsOperator(commandLine);

    /// <inheritdoc/>
    /// <remarks>A lab's host loses its power: everything on it dies at once, its sshd too, and its cable is unplugged. A real host is not WebInfra's to switch off.</remarks>
    public void PowerOff(string serverName)
    {
        if (_lab is not null && _topology?.FindServer(serverName) is { } server)
        {
            _lab.PowerOff(serverName);
            _poweredOff[_topology.SshTargetOf(server).ToString()] = true;
        }
    }

    /// <inheritdoc/>
    /// <remarks>Every host at once, each its own files (<see cref="SiteFiles"/>).</remarks>
    public void Publish()
    {
        var topology = _topology ?? throw new InvalidOperationException("a site's files are sent from its topology");
        var files = new SiteFiles(topology, _stateDirectory, _layout);
        Task.WhenAll(topology.Servers.Select(server => SendFilesAsync(server, topology.SshTargetOf(server), files))).GetAwaiter().GetResult();
    }

    /// <inheritdoc/>
    public string PathOnServer(string serverName, string path) => _layout.Remote(path);

    /// <inheritdoc/>
    public string? CannotListen(Component component)
    {
        ArgumentNullException.ThrowIfNull(component);
        var listening = Run(component.ServerName, string.Join(' ', SocketTable.ListeningOn(component.Port).Select(ShellWords.Quote)));
        return SocketTable.Takes(listening, component.Address, component.Port) ? $"another process on {component.ServerName}'s host listens there" : null;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The server's files are sent first, so a component started after a deploy or a drain reads what this machine
    /// has now. Its process runs as the <c>webinfra</c> user with no new privileges and no capability but the one a
    /// port below 1024 takes, with no environment but a home and the runtime settings this tool runs with
    /// (<c>DOTNET_*</c>): on a host whose service manager is systemd (<see cref="ServiceManagerOf"/>) as an enabled unit
    /// (<see cref="SystemdUnit"/>), which systemd starts again after a crash or a reboot; on any other as a detached
    /// process in a session of its own (<see cref="Capabilities"/>).
    /// </remarks>
    public NodeProcess Start(Component component, string fileName, IReadOnlyList<string> arguments, string logFile)
    {
        ArgumentNullException.ThrowIfNull(component);
        var topology = _topology ?? throw new InvalidOperationException("a component is started from the site's topology");
        var server = topology.FindServer(component.ServerName)!;
        var target = topology.SshTargetOf(server);
        SendFilesAsync(server, target, new SiteFiles(topology, _stateDirectory, _layout)).GetAwaiter().GetResult();

        var log = _layout.Remote(logFile);
        var commandLine = _layout.Remote([fileName, .. arguments], SelfProgram.CommandLine());
        var prologue = string.Join('\n',
            "set -e",
            $"log={ShellWords.Quote(log)}",
            $"install -d -o {RemoteLayout.User} -g {RemoteLayout.User} -m 0750 \"$(dirname \"$log\")\"");
        var systemd = ServiceManagerOf(server) == ServiceManager.Systemd;
        var output = systemd
            ? _ssh.RunCheckedAsync(target, $"{prologue}\n{StartUnitScript(component)}", s_commandTimeout, CancellationToken.None,
                Sending(SystemdUnit.For(component, topology.Site.Name, commandLine, RuntimeSettings.Current()))).GetAwaiter().GetResult()
            : _ssh.RunCheckedAsync(target, $"{prologue}\n{StartProcessScript(component, commandLine)}", s_commandTimeout, CancellationToken.None).GetAwaiter().GetResult();
        return output.Trim().Split(' ') is [var pid, var start, .. var unit]
            ? new NodeProcess(int.Parse(pid, CultureInfo.InvariantCulture), long.Parse(start, CultureInfo.InvariantCulture)) { Host = target.ToString(), Unit = unit.SingleOrDefault() }
            : throw new HostException($"{target}: starting {component.Name} printed '{output.Trim()}' instead of its pid");
    }

    /// <summary>What keeps <paramref name="server"/>'s components running: the topology's choice, or with <c>auto</c> systemd where it runs the host.</summary>
    private ServiceManager ServiceManagerOf(Server server) => _topology!.Ssh.ServiceManager switch
    {
        ServiceManager.Auto => FactsOf(server).Systemd ? ServiceManager.Systemd : ServiceManager.Processes,
        var chosen => chosen,
    };

    /// <summary>What the look at <paramref name="server"/>'s host found, looking now when this command has not yet.</summary>
    private HostFacts FactsOf(Server server)
    {
        if (!_facts.TryGetValue(server.Name, out var facts))
        {
            _ = LookAsync(server, _topology!.SshTargetOf(server), probes: []).GetAwaiter().GetResult();
            facts = _facts.TryGetValue(server.Name, out var looked) ? looked : throw new HostException($"server '{server.Name}' could not be looked at");
        }

        return facts;
    }

    /// <summary>
    /// Runs <paramref name="commandLine"/> as a detached process of the site's user, its output appended to <c>$log</c>;
    /// prints its pid and start time.
    /// </summary>
    private static string StartProcessScript(Component component, IReadOnlyList<string> commandLine) => string.Join('\n',
        $"cd {RemoteLayout.Home}",
        $"setsid setpriv --reuid={RemoteLayout.User} --regid={RemoteLayout.User} --init-groups --no-new-privs {Capabilities(component)} "
            + $"env -i PATH=/usr/local/bin:/usr/bin:/bin HOME={RemoteLayout.Home} LANG=C.UTF-8 {string.Join(' ', RuntimeSettings.Current().Select(ShellWords.Quote))} "
            + $"sh -c 'exec \"$@\" >>\"$0\" 2>&1 </dev/null' \"$log\" {ShellWords.Join(commandLine)} </dev/null >/dev/null 2>&1 &",
        "pid=$!",
        "start=$(sed 's/.*) //' /proc/$pid/stat 2>/dev/null | cut -d' ' -f20)",
        "[ -n \"$start\" ] || { echo \"it exited at once; see $log\" >&2; exit 1; }",
        "echo \"$pid $start\"");

    /// <summary>
    /// Installs the unit template read from standard input and starts the component's next generation as a unit, enabled
    /// where it restarts itself (<see cref="SystemdUnit.RestartsItself"/>): generation 1 unless one runs (a restart, whose new process takes the running one's sockets, runs beside
    /// it); prints its pid, start time and unit.
    /// </summary>
    private static string StartUnitScript(Component component)
    {
        var instance = SystemdUnit.InstanceOf(component, "$n");
        return string.Join('\n',
            ReplaceFromInput($"{SystemdDirectory}/{SystemdUnit.TemplateOf(component)}"),
            "systemctl daemon-reload",
            "n=1",
            $"while {IsRunning($"\"{instance}\"")}; do n=$((n + 1)); done",
            $"unit=\"{instance}\"",
            SystemdUnit.RestartsItself(component) ? "systemctl enable -q \"$unit\"" : "true",
            "systemctl restart \"$unit\" || { echo \"$unit did not start: $(systemctl status --no-pager -n 5 \"$unit\" 2>&1 | tail -n 5)\" >&2; exit 1; }",
            "pid=$(systemctl show -p MainPID --value \"$unit\")",
            "start=$(sed 's/.*) //' /proc/$pid/stat 2>/dev/null | cut -d' ' -f20)",
            "[ \"$pid\" != 0 ] && [ -n \"$start\" ] || { echo \"$unit exited at once; see journalctl -u $unit\" >&2; exit 1; }",
            "echo \"$pid $start $unit\"");
    }

    /// <summary>The shell command that replaces the file at <paramref name="path"/> with its standard input in one rename.</summary>
    private static string ReplaceFromInput(string path) => $"cat > {path}.new && mv -f {path}.new {path}";

    /// <summary>What writes <paramref name="text"/> to a command's standard input.</summary>
    private static Func<Stream, CancellationToken, Task> Sending(string text) =>
        (stream, cancellationToken) => stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(text), cancellationToken).AsTask();

    /// <summary>
    /// The shell condition that holds while systemd runs <paramref name="unit"/> (a shell word): also while it starts it
    /// again after a crash, and while it stops it.
    /// </summary>
    private static string IsRunning(string unit) =>
        $"case \"$(systemctl show -p ActiveState --value {unit})\" in active|activating|reloading|deactivating) true ;; *) false ;; esac";

    /// <summary>
    /// The capabilities a component keeps, as <c>setpriv</c> options: those of <see cref="SystemdUnit.Capabilities"/>
    /// (none for most), in its bounding, inheritable and ambient sets, as systemd's <c>AmbientCapabilities</c> gives them.
    /// </summary>
    internal static string Capabilities(Component component)
    {
        var kept = string.Concat(SystemdUnit.Capabilities(component).Select(c => ",+" + c["CAP_".Length..].ToLowerInvariant()));
        return kept.Length == 0
            ? "--bounding-set=-all --inh-caps=-all"
            : $"--bounding-set=-all{kept} --inh-caps=-all{kept} --ambient-caps=-all{kept}";
    }

    /// <inheritdoc/>
    /// <remarks>False also when its host cannot be reached: nothing there answers for it.</remarks>
    public bool IsAlive(NodeProcess process)
    {
        ArgumentNullException.ThrowIfNull(process);
        return HostOf(process) is { } target && RunAsync(target, IsStarted(process)).GetAwaiter().GetResult().Succeeded;
    }

    /// <inheritdoc/>
    /// <remarks>A unit's main process, as systemd knows it now.</remarks>
    public int PidNow(NodeProcess process)
    {
        ArgumentNullException.ThrowIfNull(process);
        return process.Unit is { } unit && HostOf(process) is { } target
            && RunAsync(target, $"systemctl show -p MainPID --value {ShellWords.Quote(unit)}").GetAwaiter().GetResult() is { Succeeded: true } result
            && int.TryParse(result.Output.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 0
            ? pid
            : process.Pid;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// SIGKILL takes the process's descendants too, as on this machine (<see cref="UnixProcess.Signal"/>); a unit's
    /// whole control group then, which systemd starts again as after any crash.
    /// </remarks>
    public bool Signal(NodeProcess process, ProcessSignal signal)
    {
        ArgumentNullException.ThrowIfNull(process);
        return HostOf(process) is { } target && RunAsync(target, $"{IsStarted(process)} || exit 3\n{SignalScript(process, signal)}").GetAwaiter().GetResult().Succeeded;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Each host stops its processes itself, all hosts at once: one command per host. A unit is stopped and disabled by
    /// systemd (within its own <c>TimeoutStopSec</c>), and its template goes with its last generation.
    /// </remarks>
    public Task StopAsync(IReadOnlyList<NodeProcess> processes, TimeSpan grace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(processes);
        return Task.WhenAll(processes.Where(p => HostOf(p) is not null).GroupBy(p => p.Host!).Select(async onHost =>
        {
            var alive = string.Join(" || ", onHost.Select(IsStarted));
            var units = onHost.Where(p => p.Unit is not null).Select(p => ShellWords.Quote(p.Unit!)).ToList();
            var script = string.Join('\n',
                units.Count == 0 ? "true" : $"systemctl disable -q --now {string.Join(' ', units)} || true",
                string.Join('\n', units.Select(u => RemoveTemplateScript(u))),
                string.Join('\n', onHost.Where(p => p.Unit is null).Select(p => $"if {IsStarted(p)}; then kill -TERM {p.Pid}; fi")),
                string.Create(CultureInfo.InvariantCulture, $"deadline=$(( $(date +%s) + {(int)Math.Ceiling(grace.TotalSeconds)} ))"),
                $"while {{ {alive}; }} && [ $(date +%s) -lt $deadline ]; do sleep 0.1; done",
                string.Join('\n', onHost.Select(p => $"if {IsStarted(p)}; then {SignalScript(p, ProcessSignal.Kill)}; fi")),
                $"while {alive}; do sleep 0.05; done");
            await RunAsync(HostOf(onHost.First())!, script, grace + s_commandTimeout, cancellationToken);
        }));
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> LogTail(string serverName, string logFile, int lines)
    {
        var output = Run(serverName, $"tail -n {Math.Max(1, lines).ToString(CultureInfo.InvariantCulture)} {ShellWords.Quote(_layout.Remote(logFile))} 2>/dev/null || true");
        return [.. output.Split('\n').SkipLast(output.EndsWith('\n') ? 1 : 0)];
    }

    /// <inheritdoc/>
    /// <remarks>
    /// A unit's lines are in the host's journal, a detached process's in its log file: whichever was written to last is
    /// read (a host whose components moved from one to the other keeps the older lines in the first), in one command.
    /// </remarks>
    public LogExcerpt OutputOf(Component component, string logFile, int lines)
    {
        ArgumentNullException.ThrowIfNull(component);
        var file = _layout.Remote(logFile);
        var units = SystemdUnit.InstanceOf(component, "*");
        var count = Math.Max(1, lines).ToString(CultureInfo.InvariantCulture);
        var output = Run(component.ServerName, string.Join('\n',
            $"f={ShellWords.Quote(file)}",
            $"u={ShellWords.Quote(units)}",
            "last=$(journalctl -q --no-pager -u \"$u\" -n 1 -o export 2>/dev/null | sed -n 's/^__REALTIME_TIMESTAMP=//p')",
            "written=$(stat -c %Y \"$f\" 2>/dev/null || echo 0)",
            $"if [ -n \"$last\" ] && [ $((last / 1000000)) -ge \"$written\" ]; then echo journal; journalctl -q --no-pager -u \"$u\" -n {count} -o cat; "
                + $"else echo file; tail -n {count} \"$f\" 2>/dev/null || true; fi"));
        var read = output.Split('\n').SkipLast(output.EndsWith('\n') ? 1 : 0).ToList();
        return new LogExcerpt(
            read is ["journal", ..] ? $"journalctl -u '{units}' on {component.ServerName}" : $"{file} on {component.ServerName}",
            read.Skip(1).ToList());
    }

    /// <inheritdoc/>
    /// <remarks>
    /// With <paramref name="purge"/>, every host the site was prepared on loses the site's user, its builds and its files,
    /// and is checked to have none of them left. A lab's hosts then go with the lab; without a purge their disks stay, for
    /// the next <c>up</c>.
    /// </remarks>
    public IReadOnlyList<string> TearDown(bool purge)
    {
        var targets = (File.Exists(HostsFile) ? File.ReadAllLines(HostsFile) : [])
            .Select(StoredTarget).OfType<SshTarget>().ToList();
        var lines = new List<string>();
        var failed = new List<SshTarget>();
        if (purge && (_lab is null || _lab.Network.ServerNamespaces().Any()))
        {
            var purges = Task.WhenAll(targets.Select(async target => (Target: target, Result: await _ssh.RunAsync(target, PurgeScript, s_commandTimeout, input: null, CancellationToken.None))))
                .GetAwaiter().GetResult();
            foreach (var (target, result) in purges)
            {
                var installed = result.Output.Split('\n').FirstOrDefault(l => l.StartsWith("installed=", StringComparison.Ordinal))?["installed=".Length..].Trim() ?? "";
                lines.Add(result.Succeeded
                    ? $"purged {target}: no {RemoteLayout.User} user, {RemoteLayout.BuildsDirectory}, {RemoteLayout.Home}, {FirewallUnit.Directory}, unit {SystemdUnit.Prefix}* or table {NftablesRuleset.Table} is left"
                    : $"could not purge {SshFailure.Explain(target, result, _ssh.KnownHostsFile)}");
                if (result.Succeeded && installed.Length > 0)
                {
                    lines.Add($"  the packages WebInfra installed on {target} stay: {installed} ('apt-get purge {installed}' removes them)");
                }

                if (!result.Succeeded)
                {
                    failed.Add(target);
                }
            }
        }

        foreach (var target in targets)
        {
            _ssh.Close(target);
        }

        _ssh.DeleteControlDirectory();

        // A lab's hosts are this machine's: a purge deletes their disks, whether or not each could be reached.
        _lab?.TearDown(purge);
        if (purge && (_lab is not null || failed.Count == 0))
        {
            if (File.Exists(HostsFile))
            {
                File.Delete(HostsFile);
            }
        }
        else if (purge)
        {
            // Only the hosts still to purge are kept, for the next 'down --purge'.
            File.WriteAllLines(HostsFile, failed.Select(t => t.ToString()));
            throw new HostException($"{string.Join("; ", lines.Where(l => l.StartsWith("could not", StringComparison.Ordinal)))}; once fixed, './webinfra down --purge' tries those hosts again");
        }

        return lines;
    }

    /// <summary>
    /// Removes the site from a host, its user last, then fails unless nothing of it is left; prints the packages WebInfra
    /// installed there (<see cref="PackageInstall.RecordFile"/>), which stay.
    /// </summary>
    private static string PurgeScript { get; } = string.Join('\n',
        $"installed=$(tr '\\n' ' ' < {PackageInstall.RecordFile} 2>/dev/null || true)",
        "if [ -d /run/systemd/system ]; then",
        $"  for u in $(systemctl list-units --all --plain --no-legend '{SystemdUnit.Prefix}*' | awk '{{print $1}}'); do systemctl disable -q --now \"$u\" || true; done",
        $"  rm -f {SystemdDirectory}/{SystemdUnit.Prefix}*.service {SystemdDirectory}/*.wants/{SystemdUnit.Prefix}*.service",
        "  systemctl daemon-reload",
        "fi",
        $"pkill -KILL -u {RemoteLayout.User} 2>/dev/null || true",
        $"if command -v nft >/dev/null 2>&1; then nft delete table {NftablesRuleset.Table} 2>/dev/null || true; fi",
        $"rm -rf {RemoteLayout.BuildsDirectory} {RemoteLayout.Home} {FirewallUnit.Directory}",
        $"if id -u {RemoteLayout.User} >/dev/null 2>&1; then userdel {RemoteLayout.User}; fi",
        $"if getent group {RemoteLayout.User} >/dev/null; then groupdel {RemoteLayout.User}; fi",
        $"left=''; for p in {RemoteLayout.BuildsDirectory} {RemoteLayout.Home} {FirewallUnit.Directory}; do [ ! -e \"$p\" ] || left=\"$left $p\"; done",
        $"id -u {RemoteLayout.User} >/dev/null 2>&1 && left=\"$left user:{RemoteLayout.User}\"",
        $"command -v nft >/dev/null 2>&1 && nft list table {NftablesRuleset.Table} >/dev/null 2>&1 && left=\"$left nftables:{NftablesRuleset.Table}\"",
        $"for f in {SystemdDirectory}/{SystemdUnit.Prefix}*.service; do [ ! -e \"$f\" ] || left=\"$left $f\"; done",
        "[ -z \"$left\" ] || { echo \"still there after the purge:$left\" >&2; exit 1; }",
        "printf 'installed=%s\\n' \"$installed\"");

    /// <summary>
    /// The shell condition that holds while <paramref name="process"/> is the process that was started (not a later one
    /// with its pid), or while systemd runs its unit.
    /// </summary>
    private static string IsStarted(NodeProcess process) => process.Unit is { } unit
        ? IsRunning(ShellWords.Quote(unit))
        : string.Create(CultureInfo.InvariantCulture, $"[ \"$(sed 's/.*) //' /proc/{process.Pid}/stat 2>/dev/null | cut -d' ' -f20)\" = {process.StartTime} ]");

    /// <summary>Sends <paramref name="signal"/> to the process: through systemd to a unit's main process (SIGKILL to all of its group), else to its pid (SIGKILL to its whole tree).</summary>
    private static string SignalScript(NodeProcess process, ProcessSignal signal) => (process.Unit, signal) switch
    {
        ({ } unit, ProcessSignal.Kill) => $"systemctl kill --kill-who=all -s KILL {ShellWords.Quote(unit)}",
        ({ } unit, _) => string.Create(CultureInfo.InvariantCulture, $"systemctl kill --kill-who=main -s {(int)signal} {ShellWords.Quote(unit)}"),
        (null, ProcessSignal.Kill) => string.Create(CultureInfo.InvariantCulture,
            $"tree() {{ for c in $(cat /proc/$1/task/*/children 2>/dev/null); do echo $c; tree $c; done; }}; kill -STOP {process.Pid}; for d in $(tree {process.Pid}); do kill -KILL $d 2>/dev/null; done; kill -KILL {process.Pid}"),
        (null, _) => string.Create(CultureInfo.InvariantCulture, $"kill -{(int)signal} {process.Pid}"),
    };

    /// <summary>Removes the template of <paramref name="unit"/> (a shell word) once no generation of it is enabled.</summary>
    private static string RemoveTemplateScript(string unit) =>
        $"u={unit}; t=\"${{u%%@*}}@\"; if ! ls {SystemdDirectory}/*.wants/ 2>/dev/null | grep -q \"^$t\"; then rm -f \"{SystemdDirectory}/$t.service\"; systemctl daemon-reload; fi";

    /// <summary>Where <paramref name="process"/> runs, or null when it is not a process of an SSH host that is on.</summary>
    private SshTarget? HostOf(NodeProcess process) =>
        process.Host is { } host && !_poweredOff.ContainsKey(host) ? StoredTarget(host) : null;

    private Task<SshResult> RunAsync(SshTarget target, string script, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        _ssh.RunAsync(target, script, timeout ?? s_commandTimeout, input: null, cancellationToken);

    private string Run(string serverName, string script) =>
        _ssh.RunCheckedAsync(TargetOf(serverName), script, s_commandTimeout, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Where the server named <paramref name="serverName"/> is reached, as the topology says.</summary>
    private SshTarget TargetOf(string serverName)
    {
        var topology = _topology ?? throw new InvalidOperationException("a server is found in the site's topology");
        return topology.SshTargetOf(topology.FindServer(serverName) ?? throw new HostException($"the site has no server named '{serverName}'"));
    }

    /// <summary>A target as the run state and the hosts file keep it (<see cref="SshTarget.ToString"/>), or null for a line that is none.</summary>
    private static SshTarget? StoredTarget(string text) => SshTarget.TryParse(text, "root", SshTarget.DefaultPort, out var target) ? target : null;

    private void RememberHosts(IEnumerable<SshTarget> targets)
    {
        Directory.CreateDirectory(_ssh.Directory);
        var known = File.Exists(HostsFile) ? File.ReadAllLines(HostsFile) : [];
        File.WriteAllLines(HostsFile, known.Concat(targets.Select(t => t.ToString())).Where(l => l.Length > 0).Distinct(StringComparer.Ordinal));
    }
}
