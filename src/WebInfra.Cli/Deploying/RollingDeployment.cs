using System.Globalization;
using System.Net;
using Spectre.Console;
using WebInfra.Balancer.Administration;
using WebInfra.Cli.Supervision;
using WebInfra.Hosting.Releases;
using WebInfra.Topology.Firewall;
using WebInfra.Topology.Model;

namespace WebInfra.Cli.Deploying;

/// <summary>
/// Rolls a release out over every server with a web or application server, one server at a time, so the others keep
/// serving: drain, stop, switch the <c>current</c> link, start, wait until healthy, warm, undrain, next. The first
/// server is a canary: when it fails to come up healthy, or serves more 5xx than the members on the old release over
/// the topology's observation window, it goes back to its previous release by itself and nothing else changes.
/// <c>deploy</c> and <c>rollback</c> both run it; the caller holds the <see cref="ChangeLock"/>.
/// </summary>
internal sealed class RollingDeployment
{
    private static readonly TimeSpan s_drainTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan s_serveTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan s_pollInterval = TimeSpan.FromMilliseconds(200);
    private const int WarmRequests = 3;

    private static readonly HttpClient s_warm = new(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.Zero })
    {
        Timeout = TimeSpan.FromSeconds(5),
    };

    private readonly Topology.Model.Topology _topology;
    private readonly IAnsiConsole _console;
    private readonly Supervisor _supervisor;
    private readonly MemberDrainer _drainer;
    private readonly SiteReleases _releases;
    private readonly DeployProgress _progress;

    public RollingDeployment(Topology.Model.Topology topology, StateDirectory state, IAnsiConsole console)
    {
        _topology = topology;
        _console = console;
        _supervisor = new Supervisor(topology, state, console);
        _drainer = new MemberDrainer(topology, console);
        _releases = new SiteReleases(topology, state);
        _progress = new DeployProgress(console);
    }

    /// <summary>
    /// Puts <paramref name="release"/> in service on every server, recording how it went in <paramref name="record"/>
    /// (<paramref name="success"/> when every server runs it); then prunes the releases beyond the topology's <c>keep</c>.
    /// </summary>
    /// <exception cref="SupervisorException">A server failed; it is back on its previous release, and the record says how it ended.</exception>
    public async Task RollOutAsync(string release, ReleaseRecord record, ReleaseResult success, CancellationToken cancellationToken)
    {
        var servers = _releases.Servers;
        var history = _releases.History;
        history.Save(record);
        await _progress.RunAsync($"{record.Command} {release} to {servers.Count} server(s), one at a time", async () =>
        {
            for (var i = 0; i < servers.Count; i++)
            {
                var server = servers[i];
                var previous = _releases.StoreOf(server).Current!;
                if (previous == release)
                {
                    _progress.Step(server, i + 1, servers.Count, $"runs {release} already");
                    continue;
                }

                try
                {
                    await ReplaceReleaseAsync(server, release, i + 1, servers.Count, cancellationToken);
                    if (i == 0)
                    {
                        await ObserveCanaryAsync(server, i + 1, servers.Count, cancellationToken);
                    }
                }
                catch (SupervisorException failure)
                {
                    _progress.Step(server, i + 1, servers.Count, $"[failed] going back to {previous}");
                    record.Detail = failure.Message.Split('\n')[0];
                    try
                    {
                        await ReplaceReleaseAsync(server, previous, i + 1, servers.Count, cancellationToken);
                    }
                    catch (SupervisorException stuck)
                    {
                        record.Result = ReleaseResult.Failed;
                        history.Save(record);
                        throw new SupervisorException(
                            $"{server.Name} failed {release}: {failure.Message}{Environment.NewLine}and could not go back to {previous}: {stuck.Message}{Environment.NewLine}" +
                            $"Fix what stops it, then './webinfra rollback {previous}'.");
                    }

                    if (i == 0 && success == ReleaseResult.Deployed)
                    {
                        // A new release the canary refused never served: gone from every server, so no rollback can land on
                        // it; its history line stays.
                        foreach (var other in servers)
                        {
                            _releases.StoreOf(other).Delete(release);
                        }
                    }

                    record.Result = i == 0 ? ReleaseResult.RolledBackByCanary : ReleaseResult.Failed;
                    history.Save(record);
                    throw new SupervisorException(i == 0
                        ? $"the canary {server.Name} failed {release}, so the {record.Command} stopped there: {failure.Message}{Environment.NewLine}" +
                          $"{server.Name} went back to {previous}; every server serves what it served before."
                        : $"{server.Name} failed {release}: {failure.Message}{Environment.NewLine}" +
                          $"{server.Name} went back to {previous}; {string.Join(", ", servers.Take(i).Select(s => s.Name))} run {release}. './webinfra rollback {previous}' puts every server back.");
                }
            }
        });

        record.Result = success;
        history.Save(record);
        foreach (var server in servers)
        {
            var pruned = _releases.StoreOf(server).Prune(_topology.Deploy.Keep);
            if (pruned.Count > 0)
            {
                _console.MarkupLineInterpolated($"[grey]{server.Name}: removed {string.Join(", ", pruned)} (keeping {_topology.Deploy.Keep})[/]");
            }
        }
    }

    /// <summary>
    /// Takes <paramref name="server"/> from the release it runs to <paramref name="release"/> without failing a
    /// request: drain its members in every forwarder, stop its web and application servers gracefully, switch its
    /// <c>current</c> link, start them, wait until every forwarder sees them healthy, warm them, undrain. The one
    /// sequence both a step forward and a step back take. A forwarder that is down is passed over: it sends nothing, and
    /// after a failed step the server's own web server may be one.
    /// </summary>
    private async Task ReplaceReleaseAsync(Server server, string release, int index, int count, CancellationToken cancellationToken)
    {
        var components = SiteReleases.ReleasedComponents(server);
        var members = components.Where(c => _topology.ForwardersTo(c).Any()).ToList();
        _progress.Step(server, index, count, "draining");
        await _drainer.DrainAsync(members, s_drainTimeout, skipStopped: true, cancellationToken);
        _progress.Step(server, index, count, "stopping");
        await _supervisor.StopAsync(components, cancellationToken);
        _progress.Step(server, index, count, $"switching to {release}");
        _releases.StoreOf(server).Switch(release);
        _progress.Step(server, index, count, "starting");
        await _supervisor.StartAsync(components, cancellationToken);
        _progress.Step(server, index, count, "waiting until every forwarder sees it healthy");
        await WaitUntilSeenAsync(members, m => m.Health == "up", "healthy", cancellationToken);
        _progress.Step(server, index, count, "warming");
        await WarmAsync(members, cancellationToken);
        _progress.Step(server, index, count, "undraining");
        await _drainer.UndrainAsync(members, cancellationToken);
        await WaitUntilSeenAsync(members, m => m.Serving, "serving", cancellationToken);
        _progress.Step(server, index, count, $"serves {release}");
    }

    /// <summary>
    /// Watches the canary serve for the topology's observation window: it fails when a forwarder marks one of its
    /// members down, or when its members' share of 5xx is above that of the members still on the old release.
    /// </summary>
    private async Task ObserveCanaryAsync(Server server, int index, int count, CancellationToken cancellationToken)
    {
        var members = SiteReleases.ReleasedComponents(server).Where(c => _topology.ForwardersTo(c).Any()).ToList();
        _progress.Step(server, index, count, string.Create(CultureInfo.InvariantCulture, $"canary: watching its error rate for {_topology.Deploy.Observe.TotalSeconds:0.#} s"));
        var (canaryBefore, oldBefore) = await ErrorRatesAsync(server, members, cancellationToken);
        var deadline = DateTime.UtcNow + _topology.Deploy.Observe;
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(s_pollInterval, cancellationToken);
            foreach (var member in members)
            {
                foreach (var forwarder in _topology.ForwardersTo(member))
                {
                    if (await BackendAdminClient.GetAsync(forwarder, cancellationToken) is { } backend
                        && backend.Members.FirstOrDefault(m => m.Name == member.Name) is { Health: "down" })
                    {
                        throw new SupervisorException($"{forwarder.Name} marked {member.Name} down (failed health checks or requests).{Environment.NewLine}{_supervisor.LogTail(member)}");
                    }
                }
            }
        }

        var (canaryAfter, oldAfter) = await ErrorRatesAsync(server, members, cancellationToken);
        var canary = canaryAfter.Since(canaryBefore);
        var old = oldAfter.Since(oldBefore);
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"{canary.ServerErrors} of {canary.Requests} requests answered 5xx ({canary.Share:P1}), the old release's members {old.ServerErrors} of {old.Requests} ({old.Share:P1})");
        if (canary.IsAbove(old))
        {
            throw new SupervisorException($"{server.Name} {summary}.{Environment.NewLine}{string.Join(Environment.NewLine, members.Select(_supervisor.LogTail))}");
        }

        _progress.Step(server, index, count, $"canary passed: {summary}");
    }

    /// <summary>The 5xx of <paramref name="server"/>'s members and of the other members of the same backends, summed over every forwarder.</summary>
    private async Task<(ErrorRate Canary, ErrorRate Old)> ErrorRatesAsync(Server server, IReadOnlyList<Component> members, CancellationToken cancellationToken)
    {
        var canary = default(ErrorRate);
        var old = default(ErrorRate);
        foreach (var forwarder in members.SelectMany(_topology.ForwardersTo).Distinct())
        {
            if (await BackendAdminClient.GetAsync(forwarder, cancellationToken) is not { } backend)
            {
                continue;
            }

            foreach (var member in backend.Members)
            {
                var rate = new ErrorRate(member.Forwarded, member.ServerErrors);
                if (_topology.FindComponent(member.Name)?.ServerName == server.Name)
                {
                    canary = canary.Plus(rate);
                }
                else
                {
                    old = old.Plus(rate);
                }
            }
        }

        return (canary, old);
    }

    /// <summary>Waits until every forwarder that answers sees each of <paramref name="members"/> as <paramref name="what"/>.</summary>
    private async Task WaitUntilSeenAsync(IReadOnlyList<Component> members, Func<MemberStatus, bool> condition, string what, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + s_serveTimeout;
        foreach (var member in members)
        {
            foreach (var forwarder in _topology.ForwardersTo(member))
            {
                while (await BackendAdminClient.GetAsync(forwarder, cancellationToken) is { } backend
                    && backend.Members.FirstOrDefault(m => m.Name == member.Name) is { } seen && !condition(seen))
                {
                    if (DateTime.UtcNow > deadline)
                    {
                        throw new SupervisorException(
                            $"{forwarder.Name} does not see {member.Name} {what} after {s_serveTimeout.TotalSeconds:0} s (it sees it {seen.State}).{Environment.NewLine}{_supervisor.LogTail(member)}");
                    }

                    await Task.Delay(s_pollInterval, cancellationToken);
                }
            }
        }
    }

    /// <summary>
    /// A few requests straight to each member, so its first visitors do not pay for its cold start; their answers do not
    /// matter. A member whose server's firewall keeps the operators out (only its forwarders may reach it) is left to them.
    /// </summary>
    private async Task WarmAsync(IReadOnlyList<Component> members, CancellationToken cancellationToken)
    {
        var from = _topology.OperatorAddress ?? IPAddress.Loopback;
        foreach (var member in members)
        {
            if (_topology.Firewall.Enabled && _topology.FindServer(member.ServerName) is { } server && !ServerFirewall.For(_topology, server).Admits(member.Port, from))
            {
                continue;
            }

            for (var i = 0; i < WarmRequests; i++)
            {
                try
                {
                    using var response = await s_warm.GetAsync(new Uri($"http://{member.EndPoint}/"), cancellationToken);
                }
                catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
                {
                    // A member that speaks only HTTPS inside: warmed by its first visitors instead.
                    break;
                }
            }
        }
    }
}
