using Spectre.Console;
using WebInfra.Database.Provisioning;
using WebInfra.Hosts;
using WebInfra.Topology.Changes;
using WebInfra.Topology.Model;

namespace WebInfra.Cli.Supervision;

/// <summary>
/// Applies a new topology to the running site without restarting what stays (<c>webinfra reload</c>), in the order that
/// keeps every request served: the removed members are drained in every forwarder first, so no request reaches them
/// once the firewalls stop admitting their servers; then the components that forward nowhere take the new topology (their
/// firewalls admit the new servers); then the added components start, tier by tier, each healthy; then the web servers
/// and the balancers take the new backends live; then the removed components stop. Under the firewall the database
/// grants its application account to each new application server before it starts. The run state names the new file,
/// and its text is kept as the applied copy, only once all of it succeeded.
/// </summary>
internal sealed class TopologyReload(StateDirectory state, IAnsiConsole console)
{
    private static readonly TimeSpan s_drainTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// What applying <paramref name="next"/> to the site running <paramref name="running"/> would change; the database primary
    /// is read from the cluster (the monitor's view) when the new file removes a database node.
    /// </summary>
    public static async Task<TopologyDiff> DiffAsync(StateDirectory state, Topology.Model.Topology running, Topology.Model.Topology next, CancellationToken cancellationToken)
    {
        string? primary = null;
        if (running.DatabaseNodes.Any(n => next.FindComponent(n.Name) is null))
        {
            primary = (await ClusterView.ReadAsync(running, state, cancellationToken)).Primary;
        }

        return TopologyDiff.Between(running, next, primary);
    }

    /// <summary>Applies <paramref name="diff"/>, which no change refuses; <paramref name="text"/> is the new file's text as validated.</summary>
    /// <exception cref="SupervisorException">An added component did not start (what the reload started is stopped again), or a component refused the file.</exception>
    public async Task ApplyAsync(RunState runState, TopologyDiff diff, string text, CancellationToken cancellationToken)
    {
        var (running, next) = (diff.Running, diff.Next);
        var supervisor = new Supervisor(next, state, console) { Replacing = runState.Topology };
        var hosts = HostDrivers.For(next, state.Path);
        var staying = next.Components
            .Where(c => c.AdminEndPoint is not null && running.FindComponent(c.Name) is not null)
            .Where(c => runState.Nodes.TryGetValue(c.Name, out var process) && hosts.IsAlive(process))
            .ToList();

        // Under the firewall the database grants its application account to each application server's address: the
        // new ones are admitted before they start, the removed ones dropped once they have stopped.
        var (grantedBefore, grantedAfter) = (DatabaseAccountHosts.For(running), DatabaseAccountHosts.For(next));
        var accountsChange = next.DatabaseNodes.Any() && !grantedBefore.App.SequenceEqual(grantedAfter.App);
        var grantedBoth = grantedAfter with { App = [.. grantedBefore.App.Union(grantedAfter.App)] };
        if (accountsChange)
        {
            await ChangeAppHostsAsync(next, hosts, grantedBefore, grantedBoth, cancellationToken);
        }

        // The new file and what it names reach every server first; each running component is told where it is on its own.
        hosts.Publish();
        var drainer = new MemberDrainer(running, console);
        var removedMembers = diff.Removed.Where(c => running.ForwardersTo(c).Any()).ToList();
        if (removedMembers.Count > 0)
        {
            await drainer.DrainAsync(removedMembers, s_drainTimeout, skipStopped: false, cancellationToken);
        }

        var forwardingNowhere = staying.Where(c => c.Backend is null).ToList();
        await ReloadAllAsync(hosts, forwardingNowhere, next.SourcePath, cancellationToken);
        if (diff.Added.Count > 0)
        {
            try
            {
                await supervisor.StartAsync(diff.Added, cancellationToken);
            }
            catch (Exception e) when (e is SupervisorException or HostException)
            {
                console.MarkupLineInterpolated($"[red]{e.Message}[/]");
                console.MarkupLine("stopping what this reload started; the rest of the site stays as it was");
                await supervisor.RemoveAsync(diff.Added, cancellationToken);
                await RestoreAsync(hosts, forwardingNowhere, running, cancellationToken);
                await drainer.UndrainAsync(removedMembers, cancellationToken);
                throw new SupervisorException($"the reload of {next.SourcePath} did not start {string.Join(", ", diff.Added.Select(c => c.Name))}; nothing of it was applied");
            }
        }

        // The web servers before the balancers, as at start: a balancer sends a new web server requests once that one
        // knows its own new members.
        await ReloadAllAsync(hosts, [.. staying.Where(c => c.Backend is not null).OrderBy(c => c.Kind == ComponentKind.Balancer)], next.SourcePath, cancellationToken);
        if (diff.Removed.Count > 0)
        {
            await supervisor.RemoveAsync(diff.Removed, cancellationToken);
        }

        // The monitors and the application servers read the database nodes at start: a replica added or removed is
        // theirs once they are restarted, each without a failed request (a takeover, or a drained stop and start).
        if (diff.Added.Concat(diff.Removed).Any(c => c.Kind == ComponentKind.Database))
        {
            await supervisor.RestartAsync([.. next.Components.Where(c => c.Kind is ComponentKind.Monitor or ComponentKind.App)], cancellationToken);
        }

        if (diff.ServersChanged)
        {
            supervisor.PrepareHosts();
        }

        if (accountsChange)
        {
            await ChangeAppHostsAsync(next, hosts, grantedBoth, grantedAfter, cancellationToken);
        }

        var current = state.Load() ?? runState;
        state.Save(new RunState { Topology = next.SourcePath, Hosts = current.Hosts, Nodes = current.Nodes });
        AppliedTopology.Save(state, text);
    }

    private async Task ChangeAppHostsAsync(Topology.Model.Topology next, IHostDriver hosts, DatabaseAccountHosts before, DatabaseAccountHosts after, CancellationToken cancellationToken)
    {
        foreach (var node in await new DatabaseCluster(next, state).ChangeAppHostsAsync(hosts, before, after, cancellationToken))
        {
            console.MarkupLineInterpolated($"[yellow]{node} does not answer:[/] its application account takes the new hosts at its next start");
        }

        console.MarkupLineInterpolated($"[green]applied[/] the database's application account hosts: {string.Join(", ", after.App)}");
    }

    private async Task ReloadAllAsync(IHostDriver hosts, IReadOnlyList<Component> components, string topologyPath, CancellationToken cancellationToken)
    {
        foreach (var component in components)
        {
            await TopologyAdminClient.ReloadAsync(component, hosts.PathOnServer(component.ServerName, topologyPath), cancellationToken);
            console.MarkupLineInterpolated($"[green]applied[/] to {component.Name} [grey](no restart)[/]");
        }
    }

    /// <summary>Gives <paramref name="components"/> the running topology again, when its file still holds what was applied.</summary>
    private async Task RestoreAsync(IHostDriver hosts, List<Component> components, Topology.Model.Topology running, CancellationToken cancellationToken)
    {
        var applied = AppliedTopology.PathIn(state);
        if (File.Exists(applied) && File.Exists(running.SourcePath) && File.ReadAllText(applied) == File.ReadAllText(running.SourcePath))
        {
            await ReloadAllAsync(hosts, components, running.SourcePath, cancellationToken);
        }
        else if (components.Count > 0)
        {
            console.MarkupLineInterpolated(
                $"[yellow]warning:[/] {running.SourcePath} no longer holds the running topology, so {string.Join(", ", components.Select(c => c.Name))} keep the new file's firewall and limits until the next reload");
        }
    }
}
