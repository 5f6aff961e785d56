using System.Globalization;
using Spectre.Console;
using WebInfra.Cli.Deploying;
using WebInfra.Hosting;
using WebInfra.Hosting.AccessLogs;
using WebInfra.Hosting.Administration;
using WebInfra.Hosting.Processes;
using WebInfra.Hosting.Takeover;
using WebInfra.Hosting.Vrrp;
using WebInfra.Hosts;
using WebInfra.Topology.Faults;
using WebInfra.Topology.Model;

namespace WebInfra.Cli.Supervision;

/// <summary>
/// Starts, watches and stops the processes of one site on this machine. Components start tier by tier (databases,
/// the database monitor and the DNS servers, application servers, web servers, balancers), each tier healthy before the next, so no balancer ever probes a
/// server that is still starting. Everything it starts is recorded in the run state at once, so nothing it
/// started can be left behind by <c>down</c>. How a component's process is started, watched and stopped is the
/// <see cref="IHostDriver"/>'s business: the supervisor never asks where the servers run.
/// </summary>
internal sealed class Supervisor
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan s_stopTimeout = TimeSpan.FromSeconds(30);

    private readonly Topology.Model.Topology _topology;
    private readonly StateDirectory _state;
    private readonly IAnsiConsole _console;
    private readonly NodeProbe _probe;
    private readonly VrrpStates _vrrp;
    private readonly Lazy<DatabaseCluster> _databases;
    private readonly IHostDriver _hosts;

    public Supervisor(Topology.Model.Topology topology, StateDirectory state, IAnsiConsole console)
    {
        _topology = topology;
        _state = state;
        _console = console;
        _hosts = HostDrivers.For(topology, state.Path);
        var progress = new Lock();
        _hosts.Progress += line =>
        {
            lock (progress)
            {
                _console.MarkupLineInterpolated($"[grey]{line}[/]");
            }
        };
        _databases = new(() => new DatabaseCluster(topology, state));
        _vrrp = new VrrpStates(topology, _hosts, state.Path);
        _probe = new NodeProbe(topology, _vrrp, () => _databases.Value);
    }

    /// <summary>
    /// The topology file of the running site that this supervisor's topology replaces (a reload from another file), whose
    /// run state it carries on rather than starting a new one; null when it is the same file or a new site.
    /// </summary>
    public string? Replacing { get; init; }

    /// <summary>Brings every component up; components already running are left as they are.</summary>
    public async Task UpAsync(CancellationToken cancellationToken)
    {
        var existing = _state.Load();
        if (existing is not null && existing.Topology != _topology.SourcePath && existing.Nodes.Values.Any(HostDrivers.For(existing.Hosts, _state.Path).IsAlive))
        {
            throw new SupervisorException(
                $"a site from {existing.Topology} is already running with its run state in {_state.Path}; run './webinfra down' first");
        }

        // The first release (or a new one of changed folders) is made while no web or application server runs: one that
        // runs keeps its release, and 'deploy' is how a running site changes.
        var releases = new SiteReleases(_topology, _state);
        var runState = LoadOrCreateState();
        if (!releases.Servers.SelectMany(SiteReleases.ReleasedComponents).Any(c => IsRunning(runState, c)))
        {
            releases.EnsureForUp();
        }

        await StartAsync([.. _topology.Components], cancellationToken);
        AppliedTopology.Save(_state, _topology);
    }

    /// <summary>
    /// Stops the given components that run, gracefully and the forwarders first: SIGTERM, then SIGKILL for any still
    /// running after the grace period. They stay in the run state, reported down, until <see cref="StartAsync"/> starts
    /// them again.
    /// </summary>
    public async Task StopAsync(IReadOnlyList<Component> components, CancellationToken cancellationToken)
    {
        var runState = LoadOrCreateState();
        foreach (var tier in components.Where(c => IsRunning(runState, c)).GroupBy(c => StartOrder(c.Kind)).OrderByDescending(g => g.Key))
        {
            foreach (var component in tier)
            {
                _console.MarkupLineInterpolated($"[grey]stopping[/] {component.Name} [grey](pid {runState.Nodes[component.Name].Pid})[/]");
            }

            await StopTierAsync(_hosts, tier.Key, [.. tier.Select(c => runState.Nodes[c.Name])], cancellationToken);
        }
    }

    /// <summary>
    /// Stops the processes of one tier (<paramref name="order"/>, its <see cref="StartOrder"/>): all at once, but etcd's
    /// members one after another. Stopped together, the leader hands its leadership to a member that is stopping too and
    /// waits for its request timeout (7.5 s of every <c>down</c> on the SSH lab); one at a time, a leader hands it to a
    /// member that stays, and the last one, with no member to hand it to, stops at once.
    /// </summary>
    private static async Task StopTierAsync(IHostDriver hosts, int order, IReadOnlyList<NodeProcess> processes, CancellationToken cancellationToken)
    {
        if (order != StartOrder(ComponentKind.Etcd))
        {
            await hosts.StopAsync(processes, s_stopTimeout, cancellationToken);
            return;
        }

        foreach (var process in processes)
        {
            await hosts.StopAsync([process], s_stopTimeout, cancellationToken);
        }
    }

    /// <summary>Stops <paramref name="components"/> as <see cref="StopAsync"/> does and drops them from the run state: they are no longer part of the site.</summary>
    public async Task RemoveAsync(IReadOnlyList<Component> components, CancellationToken cancellationToken)
    {
        await StopAsync(components, cancellationToken);
        var runState = LoadOrCreateState();
        foreach (var component in components)
        {
            runState.Nodes.Remove(component.Name);
        }

        _state.Save(runState);
    }

    /// <summary>Starts the given components that are not running, tier by tier, and waits until each is healthy.</summary>
    public async Task StartAsync(IReadOnlyList<Component> components, CancellationToken cancellationToken)
    {
        var runState = LoadOrCreateState();
        if (_hosts.Fingerprint() is [_, ..] missing)
        {
            throw new SupervisorException($"this machine cannot run the servers of {_topology.SourcePath} as {_hosts.Name} hosts: {string.Join("; ", missing)}");
        }

        _hosts.Prepare();
        OperatorReentry.Ensure(_hosts);

        // Every admin listener and every client of them reads the same tokens; made once here, before any component starts.
        AdminCredentials.LoadOrCreate(AdminCredentials.PathIn(_state.Path));
        foreach (var tier in components.GroupBy(c => StartOrder(c.Kind)).OrderBy(g => g.Key))
        {
            var toStart = tier.Where(c => !IsRunning(runState, c)).ToList();
            EnsurePortsFree(toStart);

            // keepalived starts as BACKUP everywhere and never preempts by default, so the first to time out holds a VIP
            // for good: each starts once the one before has taken its side, the highest priority first, so the VIP's
            // first holder is the balancer the topology prefers.
            var oneByOne = tier.Key == StartOrder(ComponentKind.Vrrp);
            if (oneByOne)
            {
                toStart = [.. toStart.OrderByDescending(c => _topology.VipsOnServer(c.ServerName).SelectMany(v => v.Members)
                    .Where(m => _topology.FindComponent(m.ComponentName)?.ServerName == c.ServerName).Max(m => m.Priority))];
            }

            foreach (var component in toStart)
            {
                var (fileName, arguments) = component.Kind switch
                {
                    ComponentKind.Database => await PrepareDatabaseAsync(component, cancellationToken),
                    ComponentKind.Etcd => new EtcdMembers(_topology, _state).Prepare(component, _hosts),
                    _ => SelfCommandLine.ForComponent(component.Name, _topology.SourcePath, _state.Path),
                };
                runState.Nodes[component.Name] = _hosts.Start(component, fileName, arguments, _state.LogFile(component.Name));
                _state.Save(runState);
                _console.MarkupLineInterpolated($"[grey]started[/] {component.Name} [grey](pid {runState.Nodes[component.Name].Pid})[/]");
                if (oneByOne)
                {
                    await WaitUntilUpAsync(runState, [component], cancellationToken);
                }
            }

            await WaitUntilUpAsync(runState, [.. tier], cancellationToken);
            // Also when no node started: a first bootstrap cut short is finished on the running nodes.
            if (tier.Key == StartOrder(ComponentKind.Database))
            {
                await _databases.Value.WireAsync(toStart, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Replaces each component's running process with a new one (this build of WebInfra), one component at a time,
    /// without refusing or resetting a connection: the new process takes the old one's listening sockets over its
    /// takeover socket (<see cref="ListenerSockets"/>) and is recorded at once; once it listens and is ready, the old one
    /// stops accepting, ends its keep-alive connections after their next response and exits. A component with no
    /// listener to hand over (a database node, keepalived, a DNS server, an application server running the user's
    /// application) is stopped, then started. A component that is not running is started.
    /// </summary>
    /// <exception cref="SupervisorException">
    /// A new process exited or did not become ready in time; it is stopped and the old one, which never stopped
    /// accepting, serves on. The components after it are left as they were.
    /// </exception>
    public async Task RestartAsync(IReadOnlyList<Component> components, CancellationToken cancellationToken)
    {
        foreach (var component in components.OrderBy(c => StartOrder(c.Kind)))
        {
            var runState = LoadOrCreateState();
            if (!IsRunning(runState, component))
            {
                _console.MarkupLineInterpolated($"[grey]{component.Name} was not running: starting it[/]");
                await StartAsync([component], cancellationToken);
            }
            else if (await CannotHandOverAsync(runState.Nodes[component.Name], component, cancellationToken) is { } reason)
            {
                // A backend member is drained around its stop and start, so its forwarders send its requests elsewhere.
                var old = runState.Nodes[component.Name];
                IReadOnlyList<Component> members = _topology.ForwardersTo(component).Any() ? [component] : [];
                var drainer = new MemberDrainer(_topology, _console);
                await drainer.DrainAsync(members, s_stopTimeout, skipStopped: true, cancellationToken);
                _console.MarkupLineInterpolated($"[grey]{component.Name} {reason}: stopping it (pid {old.Pid}), then starting it[/]");
                await _hosts.StopAsync([old], s_stopTimeout, cancellationToken);
                await StartAsync([component], cancellationToken);
                await drainer.UndrainAsync(members, cancellationToken);
            }
            else
            {
                await TakeOverAsync(runState, component, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Why <paramref name="process"/>, <paramref name="component"/>'s, cannot hand its listening sockets to a new one, or
    /// null when it can: it listens through Kestrel only and serves its takeover socket.
    /// </summary>
    private async Task<string?> CannotHandOverAsync(NodeProcess process, Component component, CancellationToken cancellationToken) =>
        component.Kind is not (ComponentKind.Balancer or ComponentKind.Web or ComponentKind.Monitor or ComponentKind.App) ? "has no listener to hand over"
        : component.Application is not null ? "runs your application, whose port is the application's own"
        : !await ServesTakeoverAsync(component, process, cancellationToken)
            ? "serves no takeover socket (it is not ready, or a WebInfra from before 'restart' started it)"
        : null;

    /// <summary>
    /// True when <paramref name="process"/>, <paramref name="component"/>'s, serves its takeover socket: it listens on
    /// the socket it bound as <c>PATH.PID</c> (and renamed over <c>PATH</c> once it listened and was ready), as
    /// <c>ss</c> shows it on the component's server, whatever kind of host that is.
    /// </summary>
    private async Task<bool> ServesTakeoverAsync(Component component, NodeProcess process, CancellationToken cancellationToken)
    {
        var socket = _hosts.PathOnServer(component.ServerName, ComponentContext.TakeoverSocketPathIn(_state.Path, component.Name));
        var pid = process.Pid.ToString(CultureInfo.InvariantCulture);
        var commandLine = _hosts.OnServer(component.ServerName, ["ss", "-Hxlp", "src", $"{socket}.{pid}"]);
        var listening = await ForegroundProgram.RunToEndAsync(commandLine[0], commandLine.Skip(1), cancellationToken);
        return listening.Contains($",pid={pid},", StringComparison.Ordinal);
    }

    private async Task TakeOverAsync(RunState runState, Component component, CancellationToken cancellationToken)
    {
        var old = runState.Nodes[component.Name];
        var (fileName, arguments) = SelfCommandLine.ForComponent(component.Name, _topology.SourcePath, _state.Path, takeOver: true);
        var fresh = _hosts.Start(component, fileName, arguments, _state.LogFile(component.Name));
        runState.Nodes[component.Name] = fresh;
        runState.Replaced[component.Name] = old;
        _state.Save(runState);
        _console.MarkupLineInterpolated($"[grey]started[/] {component.Name} [grey](pid {fresh.Pid}) to take over from pid {old.Pid}[/]");

        var deadline = DateTime.UtcNow + s_startTimeout;
        string? failure = null;
        while (!await ServesTakeoverAsync(component, fresh, cancellationToken))
        {
            failure = !_hosts.IsAlive(fresh) ? "exited while taking over"
                : DateTime.UtcNow > deadline ? $"did not listen and become ready within {s_startTimeout.TotalSeconds}s"
                : null;
            if (failure is not null)
            {
                break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }

        if (failure is not null)
        {
            await _hosts.StopAsync([fresh], s_stopTimeout, cancellationToken);
            runState.Nodes[component.Name] = old;
            runState.Replaced.Remove(component.Name);
            _state.Save(runState);
            throw new SupervisorException(
                $"the new process of {component.Name} (pid {fresh.Pid}) {failure}; it was stopped, and pid {old.Pid} serves on, " +
                $"having never stopped accepting.{Environment.NewLine}{LogTail(component)}");
        }

        _console.MarkupLineInterpolated($"[green]took over[/] {component.Name} [grey](pid {fresh.Pid} listens on the sockets of pid {old.Pid} and is ready)[/]");
        await _hosts.StopAsync([old], s_stopTimeout, cancellationToken);
        runState.Replaced.Remove(component.Name);
        _state.Save(runState);
        _console.MarkupLineInterpolated($"[grey]pid {old.Pid} finished its requests in flight and exited[/]");
    }

    /// <summary>
    /// Makes the servers of the topology exist and loads their firewalls again (<see cref="IHostDriver.Prepare"/>): after
    /// a reload that removed a server, so the others no longer admit it.
    /// </summary>
    public void PrepareHosts() => _hosts.Prepare();

    /// <summary>
    /// SIGKILLs the components, as a crash would; they stay in the run state, reported down. With
    /// <paramref name="server"/> (the whole server was named), the server first falls silent on its network, as a crashed
    /// host does all at once, so no client is refused by its kernel between the kills; it stays so until a component of
    /// it starts again.
    /// </summary>
    public void Kill(IReadOnlyList<Component> components, Server? server = null)
    {
        var runState = LoadOrCreateState();
        var running = components.Where(c => IsRunning(runState, c)).ToHashSet();
        if (server is not null)
        {
            _hosts.PowerOff(server.Name);
        }

        foreach (var component in components)
        {
            // A host that lost its power took its processes with it (a lab's SSH host does, sshd and all); the others die now.
            if (running.Contains(component) && runState.Nodes[component.Name] is var process && (_hosts.Signal(process, ProcessSignal.Kill) || !_hosts.IsAlive(process)))
            {
                _console.MarkupLineInterpolated($"[red]killed[/] {component.Name} [grey](pid {process.Pid})[/]");
            }
            else
            {
                _console.MarkupLineInterpolated($"[grey]{component.Name} was not running[/]");
            }
        }
    }

    /// <summary>
    /// Stops every process recorded in the run state, balancers first so no new request reaches a stopping server:
    /// SIGTERM, then SIGKILL for any still running after the grace period. Works from the run state alone, so a
    /// topology file edited or deleted since <c>up</c> cannot strand a process. With <paramref name="purge"/> also
    /// deletes the run state.
    /// </summary>
    public static async Task DownAsync(StateDirectory state, IAnsiConsole console, bool purge, CancellationToken cancellationToken)
    {
        if (state.Load() is { } runState)
        {
            var hosts = HostDrivers.For(runState.Hosts, state.Path);
            var tiers = runState.Processes
                .Where(n => hosts.IsAlive(n.Value))
                .GroupBy(n => StartOrder(KindOf(n.Key)))
                .OrderByDescending(g => g.Key);
            foreach (var tier in tiers)
            {
                foreach (var (name, process) in tier)
                {
                    console.MarkupLineInterpolated($"[grey]stopping[/] {name} [grey](pid {process.Pid})[/]");
                }

                await StopTierAsync(hosts, tier.Key, [.. tier.Select(n => n.Value)], cancellationToken);
            }

            File.Delete(state.StateFile);
        }

        // What every kind of host made for this run state, also when a run crashed before it recorded anything.
        foreach (var hosts in HostDrivers.All(state.Path))
        {
            foreach (var line in hosts.TearDown(purge))
            {
                console.MarkupLineInterpolated($"[grey]{line}[/]");
            }
        }

        // The namespaces held every partition and slow link, and they are gone: so is the record of them.
        SiteFaultsFile.Delete(state.Path);

        // Drains belong to the site that was running; a new 'up' starts with every member in service.
        var drains = ComponentContext.DrainStateDirectoryIn(state.Path);
        if (Directory.Exists(drains))
        {
            Directory.Delete(drains, recursive: true);
        }

        if (purge && Directory.Exists(state.Path))
        {
            Directory.Delete(state.Path, recursive: true);
            console.MarkupLineInterpolated($"[grey]deleted[/] {state.Path}");
        }
    }

    /// <summary>Every component's process and state; a database node's role is the one it plays now (the monitor's view, else the nodes').</summary>
    /// <summary>Every VIP of the site and where it is now, each balancer's keepalived read on its server.</summary>
    public IReadOnlyList<VipView> Vips() => _vrrp.All();

    public async Task<IReadOnlyList<NodeStatus>> StatusAsync(CancellationToken cancellationToken)
    {
        var runState = _state.Load();
        var probes = _topology.Components.Select(async component =>
        {
            var process = runState?.Nodes.GetValueOrDefault(component.Name);
            if (process is null || !_hosts.IsAlive(process))
            {
                return new NodeStatus(component, null, NodeState.Down);
            }

            var healthy = await _probe.IsHealthyAsync(component, cancellationToken);
            return new NodeStatus(component, _hosts.PidNow(process), healthy ? NodeState.Up : NodeState.Unhealthy);
        });
        var nodes = await Task.WhenAll(probes);
        if (!nodes.Any(n => n.Component.Kind == ComponentKind.Database && n.State == NodeState.Up))
        {
            return nodes;
        }

        var cluster = await ClusterView.ReadAsync(_topology, _state, cancellationToken);
        return cluster.Primary is null
            ? nodes
            : [.. nodes.Select(n => n.Component.Kind == ComponentKind.Database ? n with { Role = ClusterView.RoleOf(cluster, n.Component) } : n)];
    }

    /// <summary>
    /// The tier a component starts in, lowest first (stopped in the reverse order). The name servers come last: they
    /// check the entry points their records name (balancers, VIPs) from their first second and leave out those that fail,
    /// so started before them they would answer with part of the site's addresses, or none, until each had passed its
    /// rise again.
    /// </summary>
    private static int StartOrder(ComponentKind kind) => kind switch
    {
        ComponentKind.Database => 0,
        ComponentKind.Etcd => 1,
        ComponentKind.Monitor => 2,
        ComponentKind.App => 3,
        ComponentKind.Web => 4,
        ComponentKind.Balancer => 5,
        ComponentKind.Dns => 7,
        _ => 6,
    };

    private static ComponentKind KindOf(string nodeName) =>
        ComponentRoleNames.AllKinds.FirstOrDefault(k => nodeName.EndsWith("/" + k.ToKey(), StringComparison.Ordinal));

    private bool IsRunning(RunState state, Component component) =>
        state.Nodes.TryGetValue(component.Name, out var process) && _hosts.IsAlive(process);

    private RunState LoadOrCreateState()
    {
        var state = _state.Load();
        return state is not null && (state.Topology == _topology.SourcePath || state.Topology == Replacing) ? state : new RunState { Topology = _topology.SourcePath, Hosts = _hosts.Name };
    }

    private async Task<(string, List<string>)> PrepareDatabaseAsync(Component component, CancellationToken cancellationToken)
    {
        var (commandLine, clone) = await _databases.Value.PrepareAsync(component, _hosts, cancellationToken);
        if (clone is not null)
        {
            _console.MarkupLineInterpolated(
                $"[grey]cloned[/] {component.Name} [grey]from {clone.Source} with mariadb-backup at GTID {clone.GtidPosition} ({clone.Bytes / 1024 / 1024} MiB in {clone.Elapsed.TotalSeconds:0.0} s)[/]");
        }

        return (commandLine.FileName, [.. commandLine.Arguments]);
    }

    private void EnsurePortsFree(IEnumerable<Component> components)
    {
        foreach (var component in components.Where(c => c.Kind != ComponentKind.Vrrp))
        {
            if (_hosts.CannotListen(component) is { } reason)
            {
                throw new SupervisorException(
                    $"{component.Name} cannot listen on {component.Authority}: {reason}. " +
                    $"Stop whatever uses it, or give {component.Name} another port in {_topology.SourcePath} ({component.Location.Line}:{component.Location.Column}).");
            }
        }
    }

    private async Task WaitUntilUpAsync(RunState runState, IReadOnlyList<Component> components, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + s_startTimeout;
        var pending = components.ToList();
        while (pending.Count > 0)
        {
            foreach (var component in pending.ToList())
            {
                if (!_hosts.IsAlive(runState.Nodes[component.Name]))
                {
                    throw new SupervisorException($"{component.Name} exited while starting.{Environment.NewLine}{LogTail(component)}");
                }

                if (await _probe.IsHealthyAsync(component, cancellationToken))
                {
                    pending.Remove(component);
                }
            }

            if (pending.Count > 0)
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new SupervisorException(
                        $"{pending[0].Name} did not become healthy within {s_startTimeout.TotalSeconds}s.{Environment.NewLine}{LogTail(pending[0])}");
                }

                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
            }
        }
    }

    /// <summary>The last <paramref name="lines"/> lines <paramref name="component"/> wrote, read where it runs, and where they were read.</summary>
    public LogExcerpt Log(Component component, int lines) => _hosts.OutputOf(component, _state.LogFile(component.Name), lines);

    /// <summary>
    /// The last <paramref name="lines"/> lines of a balancer's or web server's access log, taken from its rotated files
    /// too when the current one holds fewer.
    /// </summary>
    public LogExcerpt AccessLog(Component component, int lines) =>
        AccessLog(component, tail => tail.Count >= lines, lines);

    /// <summary>
    /// The lines of a balancer's or web server's access log written since <paramref name="since"/> (UTC) at least: the
    /// current file, and as many rotated files before it as it takes to reach a line older than that.
    /// </summary>
    public LogExcerpt AccessLogSince(Component component, DateTime since) =>
        AccessLog(component, tail => tail.Count > 0 && AccessLogRate.TryReadTime(tail[0], out var time) && time < since, int.MaxValue);

    /// <summary>The end of the access log, the newest file first, then older ones in front until <paramref name="enough"/>.</summary>
    private LogExcerpt AccessLog(Component component, Func<List<string>, bool> enough, int lines)
    {
        var log = _state.AccessLogFile(component.Name);
        var tail = new List<string>(_hosts.LogTail(component.ServerName, log, lines));
        for (var generation = 1; !enough(tail) && generation <= _topology.Site.AccessLog.Keep; generation++)
        {
            var older = _hosts.LogTail(component.ServerName, ComponentContext.RotatedAccessLogPath(log, generation), lines - tail.Count);
            if (older.Count == 0)
            {
                break;
            }

            tail.InsertRange(0, older);
        }

        return new LogExcerpt(log, tail);
    }

    /// <summary>The last lines of <paramref name="component"/>'s log, with its file's name, to end a failure's message with.</summary>
    public string LogTail(Component component)
    {
        var log = Log(component, 15);
        return $"Last lines of {log.Source}:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", log.Lines)}";
    }
}
