using System.Net;
using System.Globalization;
using Spectre.Console;
using WebInfra.Cli.Supervision;
using WebInfra.Topology.Model;

namespace WebInfra.Cli.Rendering;

/// <summary>The table of nodes <c>up</c> and <c>status</c> print.</summary>
internal static class NodeTable
{
    public static Table Create(IEnumerable<NodeStatus> nodes)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumns("NODE", "SERVER", "ROLE", "ADDRESS", "PID", "STATE");
        foreach (var node in nodes)
        {
            table.AddRow(
                new Text(node.Component.Name),
                new Text(node.Component.ServerName),
                new Text(node.Role.ToName()),
                new Text(node.Component.Authority),
                new Text(node.Pid?.ToString(CultureInfo.InvariantCulture) ?? "-"),
                new Markup(node.State switch
                {
                    NodeState.Up => "[green]up[/]",
                    NodeState.Unhealthy => "[yellow]unhealthy[/]",
                    _ => "[red]down[/]",
                }));
        }

        return table;
    }

    public static string StateName(NodeState state) => state switch
    {
        NodeState.Up => "up",
        NodeState.Unhealthy => "unhealthy",
        _ => "down",
    };

    /// <summary>The site's address (its VIP when it has one): HTTPS when the entry point terminates TLS (its plain port only redirects there).</summary>
    public static string SiteUrl(Topology.Model.Topology topology)
    {
        var entry = topology.EntryPoint!;
        var address = topology.EntryAddress!;
        return entry.HttpsPort is { } https ? $"https://{new IPEndPoint(address, https)}" : $"http://{new IPEndPoint(address, entry.Port)}";
    }

    /// <summary>The dashboard, served by the monitor on its public port (HTTPS when the site has a certificate); null when the topology has no monitor.</summary>
    public static string? DashboardUrl(Topology.Model.Topology topology) =>
        topology.Monitor is { } monitor ? $"{(topology.ServesSiteTls(monitor) ? "https" : "http")}://{monitor.Authority}/" : null;
}
