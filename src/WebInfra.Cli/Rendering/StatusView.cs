using Spectre.Console;
using Spectre.Console.Rendering;
using WebInfra.App.Application;
using WebInfra.Balancer.Administration;
using WebInfra.Cli.Supervision;
using WebInfra.Hosting.Vrrp;
using WebInfra.Topology.Faults;
using WebInfra.Topology.Model;

namespace WebInfra.Cli.Rendering;

/// <summary>
/// What <c>status</c> shows, read once: every node, who holds each VIP, each backend as each running forwarder sees it, the user's
/// applications as their application servers see them, and the faults set on the network. <c>status</c>,
/// <c>status --json</c> and each refresh of <c>status --watch</c> are this one reading, rendered.
/// </summary>
internal sealed record StatusView(
    Topology.Model.Topology Topology,
    IReadOnlyList<NodeStatus> Nodes,
    IReadOnlyList<BackendStatus> Backends,
    SiteFaults Faults,
    IReadOnlyList<VipView> Vips,
    IReadOnlyList<ApplicationStatus> Applications)
{
    /// <summary>Reads the running site: the nodes from the supervisor, the backends from each forwarder's admin listener.</summary>
    public static async Task<StatusView> ReadAsync(Topology.Model.Topology topology, StateDirectory state, IAnsiConsole console, CancellationToken cancellationToken)
    {
        var supervisor = new Supervisor(topology, state, console);
        var nodes = await supervisor.StatusAsync(cancellationToken);
        var views = await Task.WhenAll(nodes
            .Where(n => n.Component.Backend is not null && n.State != NodeState.Down)
            .Select(n => BackendAdminClient.GetAsync(n.Component, cancellationToken)));

        var applications = await Task.WhenAll(nodes
            .Where(n => n.Component.Application is not null && n.State != NodeState.Down)
            .Select(n => AdminHttp.GetOrNullAsync<ApplicationStatus>(n.Component, ApplicationStatus.AdminPath, cancellationToken)));

        // A forwarder or an application server that does not answer is left out.
        return new StatusView(topology, nodes, [.. views.OfType<BackendStatus>()], SiteFaultsFile.Load(state.Path), supervisor.Vips(),
            [.. applications.OfType<ApplicationStatus>()]);
    }

    /// <summary>The nodes table, the backends table (when any forwarder answered), the faults (when any is set), the site's URL and the dashboard's.</summary>
    public IRenderable Render()
    {
        var parts = new List<IRenderable> { NodeTable.Create(Nodes) };
        if (Vips.Count > 0)
        {
            parts.Add(VipTable.Create(Vips));
        }

        if (Backends.Count > 0)
        {
            parts.Add(BackendTable.Create(Backends));
        }

        if (Applications.Count > 0)
        {
            parts.Add(ApplicationTable.Create(Applications));
        }

        if (Faults.Any)
        {
            parts.Add(FaultTable.Create(Faults));
        }

        parts.Add(new Text($"site: {NodeTable.SiteUrl(Topology)}/"));
        if (NodeTable.DashboardUrl(Topology) is { } dashboard)
        {
            parts.Add(new Text($"dashboard: {dashboard} (log in: ./webinfra dashboard)"));
        }

        return new Rows(parts);
    }

    /// <summary>The same reading as <c>status --json</c> prints it.</summary>
    public StatusDocument ToDocument() => new(
        NodeTable.SiteUrl(Topology),
        NodeTable.DashboardUrl(Topology),
        [.. Nodes.Select(n => new StatusNode(n.Component.Name, n.Component.ServerName, n.Role.ToName(), n.Component.Authority, n.Pid, NodeTable.StateName(n.State)))],
        Backends,
        FaultTable.Document(Faults),
        VipTable.Document(Vips),
        Applications);
}
